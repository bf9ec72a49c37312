package confine

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// How a test binary attests how its tests ended.
//
// The learner's code runs in the test binary, so whatever the binary knows
// its code can find: a key written in a source file (go:embed reads the
// package's folder at build time), in the executable, or anywhere in its
// memory that the os package reaches (/proc/self/mem). So no source file,
// no executable and no file at all holds the key. Main makes a new key for
// each run, after the build, and hands it to the binary on the descriptor
// SetupFD. The package AttestSource writes is imported by the package under
// test, so the Go runtime initializes it before any of that package's code
// (its variables, its init functions) can run: its init reads the key into
// memory outside the Go heap and closes the descriptor. The generated test
// file wraps each of the course's tests to record how it ended and, after
// m.Run, the package signs the record and the exit code with HMAC-SHA256
// and writes them on ReportFD, a pipe to Main. Main checks the signature
// and hands the grader only what it signed ([Outcome.Attestation]); no
// attestation ever reaches the binary, so it has none to try its guesses
// on, and a copy of itself started again finds no key.
//
// What is left to the learner's code is to read the key or patch the
// testing package in its own memory, which takes unsafe, //go:linkname,
// system calls or /proc/self/mem (the sandbox has no /proc); the grader
// lists such code for review (see package grade).

// The descriptors of a test binary run through Main.
const (
	// SetupFD is where the binary reads its setup: the run's key, then the
	// bound on its processes and threads.
	SetupFD = 3
	// ReportFD is where it writes its attestation.
	ReportFD = 4
)

const (
	keySize   = 32
	setupSize = keySize + 4
	// MaxAttestation bounds the attestation Main reads.
	MaxAttestation = 256 << 10
)

// setupMessage is what Main writes on SetupFD: the key, then the bound on
// the processes and threads of the binary's user (RLIMIT_NPROC, little
// endian; 0 for none).
func setupMessage(key []byte, tasks uint32) []byte {
	return binary.LittleEndian.AppendUint32(bytes.Clone(key), tasks)
}

// checkAttestation checks what the binary wrote on ReportFD: a JSON body,
// a newline and the hexadecimal HMAC-SHA256 of the body under key. It
// returns the body.
func checkAttestation(data, key []byte) (json.RawMessage, error) {
	if len(data) == 0 {
		return nil, errNoAttestation
	}
	if len(data) > MaxAttestation {
		return nil, errors.New(attTooLarge)
	}
	body, sig, ok := bytes.Cut(data, []byte("\n"))
	if !ok || bytes.ContainsRune(sig, '\n') {
		return nil, errors.New(attMalformed)
	}
	got, err := hex.DecodeString(string(sig))
	if err != nil {
		return nil, errors.New(attBadSignature)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return nil, errors.New(NotSigned)
	}
	if !json.Valid(body) {
		return nil, errors.New(attMalformed)
	}
	return body, nil
}

// errNoAttestation is the AttestationError of a binary that attested
// nothing: it never reached the end of its TestMain (it crashed, exited,
// was stopped), or it is not a test binary the grader built.
var errNoAttestation = errors.New(NoAttestation)

// The [Outcome.AttestationError] of a binary that wrote no attestation at
// all, and of one whose attestation, complete, is signed with another key
// than the run's: forged, for the learner's code alone can write one.
const (
	NoAttestation = "no attestation was written"
	NotSigned     = "the attestation is not signed with the run's key"
)

// The other values of [Outcome.AttestationError].
const (
	attTooLarge     = "the attestation is too large"
	attMalformed    = "the attestation is malformed"
	attBadSignature = "the attestation's signature is malformed"
)

// attestationTexts says each AttestationError in both languages: the
// string crosses from the run to the grader in the outcome's JSON, the text
// is what the instructor reads in the report's note.
var attestationTexts = map[string]i18n.Text{
	NoAttestation:   msgNoAttestation,
	NotSigned:       msgNotSigned,
	attTooLarge:     msgAttTooLarge,
	attMalformed:    msgAttMalformed,
	attBadSignature: msgAttBadSignature,
}

// AttestationText returns an [Outcome.AttestationError] in both languages;
// one it does not know (none of its making) is given as it is in both.
func AttestationText(code string) i18n.Text {
	if t, ok := attestationTexts[code]; ok {
		return t
	}
	return i18n.Text{En: code, Zh: code}
}

// AttestSource returns the files of the package that attests a run (base
// name to Go source), named pkg. The grader builds it as a module of its
// own at a random import path, which the package under test imports (so
// that it is initialized first) and the generated test file uses:
//
//	end := pkg.Run("TestX")                        // when TestX starts
//	t.Cleanup(func() { end(t.Failed(), t.Skipped()) })
//	pkg.Finish(m.Run())                            // in TestMain
func AttestSource(pkg string) map[string][]byte {
	r := strings.NewReplacer("PKG", pkg, "SETUPFD", strconv.Itoa(SetupFD), "REPORTFD", strconv.Itoa(ReportFD),
		"SETUPSIZE", strconv.Itoa(setupSize), "KEYSIZE", strconv.Itoa(keySize))
	return map[string][]byte{
		"attest.go":       []byte(r.Replace(attestCommon)),
		"attest_linux.go": []byte(r.Replace(attestLinux)),
		"attest_other.go": []byte(r.Replace(attestOther)),
	}
}

const attestCommon = `// Code generated by workbook grade for one run. DO NOT EDIT.

// Package PKG records how the tests of one graded run end and attests it
// to workbook grade, signed with a key that only this run has, which it
// reads before any code of the package under test runs.
package PKG

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"syscall"
)

type record struct {
	Runs    int ` + "`json:\"runs\"`" + `
	Ends    int ` + "`json:\"ends\"`" + `
	Failed  int ` + "`json:\"failed\"`" + `
	Skipped int ` + "`json:\"skipped\"`" + `
}

var (
	mu      sync.Mutex
	records = map[string]*record{}
	report  *os.File
	// pads are HMAC-SHA256's inner and outer key blocks, in memory mapped
	// outside the Go heap (a heap dump does not show it).
	pads []byte
)

func init() {
	page, err := syscall.Mmap(-1, 0, 4096, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		fail(err)
	}
	setup := os.NewFile(SETUPFD, "setup")
	for n := 0; n < SETUPSIZE; {
		m, err := setup.Read(page[n:SETUPSIZE])
		if err != nil {
			fail(err)
		}
		n += m
	}
	setup.Close()
	tasks := binary.LittleEndian.Uint32(page[KEYSIZE:SETUPSIZE])
	for i := range 64 {
		var k byte
		if i < KEYSIZE {
			k = page[i]
		}
		page[64+i], page[128+i] = k^0x36, k^0x5c
	}
	clear(page[:64])
	pads = page[64:192]
	syscall.CloseOnExec(REPORTFD)
	report = os.NewFile(REPORTFD, "attestation")
	bound(tasks)
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "this test binary runs only under workbook grade (%v)\n", err)
	fmt.Fprintf(os.Stderr, "此测试程序只能在 workbook grade 之下运行（%v）\n", err)
	os.Exit(3)
}

// Run records that test name started; its result is what end is told.
func Run(name string) (end func(failed, skipped bool)) {
	mu.Lock()
	r := records[name]
	if r == nil {
		r = &record{}
		records[name] = r
	}
	r.Runs++
	mu.Unlock()
	return func(failed, skipped bool) {
		mu.Lock()
		defer mu.Unlock()
		r.Ends++
		if failed {
			r.Failed++
		}
		if skipped {
			r.Skipped++
		}
	}
}

// Finish attests m.Run's exit code and every test's record, then exits
// with that code.
func Finish(code int) {
	mu.Lock()
	body, err := json.Marshal(struct {
		Code  int                ` + "`json:\"code\"`" + `
		Tests map[string]*record ` + "`json:\"tests\"`" + `
	}{code, records})
	mu.Unlock()
	if err == nil {
		inner := sha256.New()
		inner.Write(pads[:64])
		inner.Write(body)
		sum := inner.Sum(nil)
		inner.Reset()
		outer := sha256.New()
		outer.Write(pads[64:])
		outer.Write(sum)
		mac := outer.Sum(nil)
		outer.Reset()
		report.Write(append(append(body, '\n'), hex.EncodeToString(mac)...))
		report.Close()
	}
	os.Exit(code)
}
`

const attestLinux = `// Code generated by workbook grade for one run. DO NOT EDIT.

package PKG

import "syscall"

// rlimitNproc is RLIMIT_NPROC on Linux.
const rlimitNproc = 6

// bound makes tasks, when not 0, the most processes and threads the
// binary's user may have: in the sandbox's user namespace, the sandbox's.
func bound(tasks uint32) {
	if tasks > 0 {
		_ = syscall.Setrlimit(rlimitNproc, &syscall.Rlimit{Cur: uint64(tasks), Max: uint64(tasks)})
	}
}
`

const attestOther = `// Code generated by workbook grade for one run. DO NOT EDIT.

//go:build !linux

package PKG

func bound(tasks uint32) {}
`
