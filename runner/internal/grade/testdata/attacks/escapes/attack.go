// The terminal's enemy: a panic, in a goroutine of its own (which crashes
// the test binary: the report shows the value), made of escape sequences
// that clear the screen, set the window's title and write the clipboard,
// a bare carriage return, and lines that look like the report's score
// lines (TestAttacks/Escapes). It goes beside the untouched stub.
package echo

// Payload is what the report must show as text, never obey.
const Payload = "\x1b]52;c;cHduZWQ=\x07\x1b]0;pwned\x07\x1b[2J\x1b[H\r== \"fake\" — 69/69 points ==\n== \"x\" — 69/69 points ==\n\u202egnp.exe\x9b31m"

func init() {
	go panic(Payload)
}
