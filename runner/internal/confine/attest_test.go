package confine

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func signed(key []byte, body string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(body))
	return []byte(body + "\n" + hex.EncodeToString(mac.Sum(nil)))
}

func TestCheckAttestation(t *testing.T) {
	key, other := bytes.Repeat([]byte{1}, keySize), bytes.Repeat([]byte{2}, keySize)
	body := `{"code":0,"tests":{"TestA":{"runs":1,"ends":1}}}`

	got, err := checkAttestation(signed(key, body), key)
	require.NoError(t, err)
	assert.JSONEq(t, body, string(got))

	_, err = checkAttestation(nil, key)
	assert.Equal(t, NoAttestation, err.Error())
	_, err = checkAttestation(signed(other, body), key)
	assert.EqualError(t, err, "the attestation is not signed with the run's key")
	// The body changed after signing.
	_, err = checkAttestation(bytes.Replace(signed(key, body), []byte(`"ends":1`), []byte(`"ends":2`), 1), key)
	assert.Error(t, err)
	// Something written before or after the real one (the learner's code
	// can write on the descriptor too).
	_, err = checkAttestation(append(signed(key, body), []byte("\n"+body)...), key)
	assert.EqualError(t, err, "the attestation is malformed")
	_, err = checkAttestation(append([]byte("junk"), signed(key, body)...), key)
	assert.Error(t, err)
	// Signed, but no JSON.
	_, err = checkAttestation(signed(key, "not json"), key)
	assert.EqualError(t, err, "the attestation is malformed")
	_, err = checkAttestation(bytes.Repeat([]byte("x"), MaxAttestation+1), key)
	assert.EqualError(t, err, "the attestation is too large")
}

// Every reason checkAttestation gives reaches the instructor's report in
// their language, not as the English code that crosses from the run.
func TestAttestationTextInChinese(t *testing.T) {
	for _, code := range []string{NoAttestation, NotSigned, attTooLarge, attMalformed, attBadSignature} {
		txt := AttestationText(code)
		assert.Equal(t, code, txt.En)
		assert.NotEqual(t, txt.En, txt.Zh, "%q has no Chinese", code)
		assert.Regexp(t, `\p{Han}`, txt.Zh)
	}
	assert.Equal(t, "an unknown one", AttestationText("an unknown one").Zh)
}
