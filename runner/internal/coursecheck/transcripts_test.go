package coursecheck

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/book"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
	miniredis "github.com/gospawn/workbook/solutions/05_mini_redis"
)

// The book's hands-on transcripts, proven. A chapter marks a transcript
// with the word "transcript" after a code block's language, which
// renderers ignore, and this test runs it against the reference solution of
// exercise 5 and, where installed, a real redis-server, and compares what
// they answer with what the book says. The transcripts of one chapter in
// one language run in reading order on one fresh server, as a reader who
// follows the chapter runs them, so that a transcript that depends on an
// earlier one (INCR after SET) is checked too.
//
// A marked block is one of two things:
//
//   - a ```sh transcript block of commands, followed by the ```text block of
//     their output (only blank lines between). A command is
//     `printf '…' | nc -C -N 127.0.0.1 6380`, whose bytes are sent as nc
//     sends them (every \n as \r\n) and whose replies are read until the
//     server closes the connection, or `redis-cli -p 6380 args…`, run with
//     the real redis-cli as it prints on a terminal (--no-raw);
//   - a ```text transcript block of an interactive redis-cli session: lines
//     that start with the prompt "127.0.0.1:6380> " are typed, the others
//     are its output.
//
// Lines are compared without trailing spaces, which editors remove (Redis's
// unknown-command error ends in one).

const transcriptMark = "transcript"

// The address the book tells readers to serve on, and redis-cli's prompt for it.
const (
	bookHostPort = "127.0.0.1 6380"
	bookPrompt   = "127.0.0.1:6380> "
)

// transcript is one marked block of a chapter and the output it claims.
type transcript struct {
	doc      string   // the chapter's path from the workbook root: "book/en/05-mini-redis.md"
	line     int      // the line of the marked block's opening fence
	commands []string // for a ```sh block: its commands, continuation lines joined
	typed    []string // for a redis-cli session: the lines typed after the prompt
	want     []string // the output the book shows
	lines    []int    // the chapter line of each line of want
}

func (tr transcript) at(line int) string { return fmt.Sprintf("%s:%d", tr.doc, line) }

// fence matches an opening fence: its language and the words after it.
var fence = regexp.MustCompile("^```[ \t]*(\\S*)[ \t]*(.*?)[ \t]*$")

// fencedBlock is a fenced code block of a chapter.
type fencedBlock struct {
	lang, words string
	fenceLine   int // 1-based
	body        []string
}

// fencedBlocks returns the fenced code blocks of a chapter, in order.
func fencedBlocks(doc string, lines []string) ([]fencedBlock, error) {
	var blocks []fencedBlock
	for i := 0; i < len(lines); i++ {
		m := fence.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		b := fencedBlock{lang: m[1], words: m[2], fenceLine: i + 1}
		j := i + 1
		for j < len(lines) && !strings.HasPrefix(lines[j], "```") {
			j++
		}
		if j == len(lines) {
			return nil, fmt.Errorf("%s:%d: the code block is never closed", doc, i+1)
		}
		b.body = lines[i+1 : j]
		blocks = append(blocks, b)
		i = j
	}
	return blocks, nil
}

// chapterTranscripts finds the marked transcripts of one chapter file.
func chapterTranscripts(doc, text string) ([]transcript, error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	blocks, err := fencedBlocks(doc, lines)
	if err != nil {
		return nil, err
	}
	var out []transcript
	for k, b := range blocks {
		if b.words != transcriptMark {
			continue
		}
		tr := transcript{doc: doc, line: b.fenceLine}
		switch b.lang {
		case "sh":
			tr.commands = joinContinuations(b.body)
			if k+1 == len(blocks) || blocks[k+1].lang != "text" ||
				strings.TrimSpace(strings.Join(lines[b.fenceLine+len(b.body)+1:blocks[k+1].fenceLine-1], "")) != "" {
				return nil, fmt.Errorf("%s:%d: the commands of a transcript must be followed by a ```text block of their output (only blank lines between)", doc, tr.line)
			}
			next := blocks[k+1]
			tr.want = next.body
			for n := range next.body {
				tr.lines = append(tr.lines, next.fenceLine+1+n)
			}
		case "text":
			for n, l := range b.body {
				if typed, ok := strings.CutPrefix(l, bookPrompt); ok {
					tr.typed = append(tr.typed, typed)
					continue
				}
				tr.want = append(tr.want, l)
				tr.lines = append(tr.lines, b.fenceLine+1+n)
			}
			if len(tr.typed) == 0 {
				return nil, fmt.Errorf("%s:%d: a ```text transcript is a redis-cli session, but no line starts with the prompt %q", doc, tr.line, bookPrompt)
			}
		default:
			return nil, fmt.Errorf("%s:%d: a transcript is a ```sh transcript block (then its ```text output) or a ```text transcript redis-cli session, not ```%s", doc, tr.line, b.lang)
		}
		out = append(out, tr)
	}
	return out, nil
}

// joinContinuations joins shell lines that end in a pipe or a backslash to
// the line after them, and drops blank lines.
func joinContinuations(lines []string) []string {
	var cmds []string
	var cur strings.Builder
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if strings.HasSuffix(l, "\\") {
			cur.WriteString(strings.TrimSuffix(l, "\\") + " ")
			continue
		}
		cur.WriteString(l)
		if strings.HasSuffix(l, "|") {
			cur.WriteString(" ")
			continue
		}
		cmds = append(cmds, cur.String())
		cur.Reset()
	}
	if cur.Len() > 0 {
		cmds = append(cmds, cur.String())
	}
	return cmds
}

var (
	ncCommand       = regexp.MustCompile(`^printf '([^']*)' \|\s+nc -C -N ` + regexp.QuoteMeta(bookHostPort) + `$`)
	redisCliCommand = regexp.MustCompile(`^redis-cli -p 6380((?: .*)?)$`)
)

// printfBytes is what printf writes for a format with no arguments: the
// escapes \n \r \t \\ and %% are all the book needs.
func printfBytes(format string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '\\' && c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(format) {
			return "", fmt.Errorf("printf format %q ends in %c", format, c)
		}
		i++
		switch s := string([]byte{c, format[i]}); s {
		case `\n`:
			b.WriteByte('\n')
		case `\r`:
			b.WriteByte('\r')
		case `\t`:
			b.WriteByte('\t')
		case `\\`:
			b.WriteByte('\\')
		case "%%":
			b.WriteByte('%')
		default:
			return "", fmt.Errorf("printf format %q: this test does not know %s", format, s)
		}
	}
	return b.String(), nil
}

// shellWords splits a redis-cli command line's arguments as sh would, for
// the quoting the book uses: single and double quotes, no escapes.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case '\'', '"':
			end := strings.IndexByte(s[i+1:], c)
			if end < 0 {
				return nil, fmt.Errorf("unclosed %c in %q", c, s)
			}
			cur.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// transcriptTarget is a server the transcripts run against.
type transcriptTarget struct {
	name string
	addr string // host:port
}

// runTranscript runs tr against the server at addr and returns its output
// lines. needCli is set when the transcript needs redis-cli and it is not
// installed.
func runTranscript(ctx context.Context, tr transcript, addr, redisCli string) (out []string, needCli bool, err error) {
	host, port, _ := net.SplitHostPort(addr)
	cli := func(stdin string, args ...string) ([]string, error) {
		cmd := exec.CommandContext(ctx, redisCli, append([]string{"-h", host, "-p", port, "--no-raw"}, args...)...)
		cmd.Stdin = strings.NewReader(stdin)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		got, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("redis-cli %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return splitOutput(string(got)), nil
	}
	if tr.typed != nil {
		if redisCli == "" {
			return nil, true, nil
		}
		out, err := cli(strings.Join(tr.typed, "\n") + "\n")
		return out, false, err
	}
	for _, c := range tr.commands {
		if m := ncCommand.FindStringSubmatch(c); m != nil {
			in, err := printfBytes(m[1])
			if err != nil {
				return nil, false, err
			}
			got, err := sendAndRead(addr, strings.ReplaceAll(in, "\n", "\r\n")) // nc -C
			if err != nil {
				return nil, false, err
			}
			out = append(out, splitOutput(strings.ReplaceAll(got, "\r\n", "\n"))...)
			continue
		}
		if m := redisCliCommand.FindStringSubmatch(c); m != nil {
			if redisCli == "" {
				return nil, true, nil
			}
			args, err := shellWords(m[1])
			if err != nil {
				return nil, false, err
			}
			got, err := cli("", args...)
			if err != nil {
				return nil, false, err
			}
			out = append(out, got...)
			continue
		}
		return nil, false, fmt.Errorf("this test cannot run %q: a transcript's command is `printf '…' | nc -C -N %s` or `redis-cli -p 6380 …`", c, bookHostPort)
	}
	return out, false, nil
}

// sendAndRead is `printf … | nc -N`: it sends in, closes its side of the
// connection, and reads until the server closes its own.
func sendAndRead(addr, in string) (string, error) {
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	// A watchdog only: the end of the output is the server closing.
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.WriteString(conn, in); err != nil {
		return "", err
	}
	if err := conn.(*net.TCPConn).CloseWrite(); err != nil {
		return "", err
	}
	got, err := io.ReadAll(conn)
	return string(got), err
}

// splitOutput cuts output into lines without the last line's end.
func splitOutput(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// transcriptDiff says how got differs from what tr shows, or "" when it
// does not: the first line that differs, at its place in the chapter, and
// both outputs whole.
func transcriptDiff(tr transcript, target string, got []string) string {
	trim := func(ls []string) []string {
		out := make([]string, len(ls))
		for i, l := range ls {
			out[i] = strings.TrimRight(l, " \t")
		}
		return out
	}
	want, have := trim(tr.want), trim(got)
	i := 0
	for i < len(want) && i < len(have) && want[i] == have[i] {
		i++
	}
	if i == len(want) && i == len(have) {
		return ""
	}
	line := func(ls []string) string {
		if i < len(ls) {
			return fmt.Sprintf("%q", ls[i])
		}
		return "(nothing more)"
	}
	where := tr.line + 1 + len(tr.typed) + len(tr.want) // past the block's last line
	if i < len(tr.lines) {
		where = tr.lines[i]
	}
	return fmt.Sprintf("%s: the transcript at %s is not what %s answers: the book has %s, the server %s.\nThe book:\n  %s\n%s:\n  %s",
		tr.at(where), tr.at(tr.line), target, line(want), line(have),
		strings.Join(want, "\n  "), target, strings.Join(have, "\n  "))
}

// flushAll empties a redis-server, so that each chapter starts from nothing.
func flushAll(addr string) error {
	got, err := sendAndRead(addr, "*1\r\n$8\r\nFLUSHALL\r\n")
	if err != nil {
		return err
	}
	if got != "+OK\r\n" {
		return fmt.Errorf("FLUSHALL answered %q", got)
	}
	return nil
}

func TestChapterTranscripts(t *testing.T) {
	root, err := course.Find(".")
	require.NoError(t, err, "the author check must run inside the workbook")
	c, err := course.Load(root)
	require.NoError(t, err)
	bookDir := filepath.Join(root, c.BookDir)
	chapters, err := book.Chapters(bookDir)
	require.NoError(t, err)

	redisCli, _ := exec.LookPath("redis-cli")
	redisServer, _ := exec.LookPath("redis-server")
	if redisServer == "" {
		t.Log("redis-server is not on PATH: the transcripts run against the reference solution only " +
			"(on Debian or Ubuntu: apt-get install redis-server; .ci/run installs it)")
	}
	type chapterRun struct {
		doc string
		trs []transcript
	}
	var runs []chapterRun
	for _, ch := range chapters {
		for _, lang := range ch.Langs {
			text, err := os.ReadFile(ch.Path(bookDir, lang))
			require.NoError(t, err)
			doc := filepath.ToSlash(filepath.Join(c.BookDir, string(lang), ch.File()))
			trs, err := chapterTranscripts(doc, string(text))
			if err != nil {
				t.Error(err)
				continue
			}
			if len(trs) > 0 {
				runs = append(runs, chapterRun{doc, trs})
			}
		}
	}
	require.NotEmpty(t, runs, "no chapter marks a transcript (```sh %s or ```text %s): the marks are what this test checks", transcriptMark, transcriptMark)
	if redisCli == "" {
		t.Log("redis-cli is not on PATH: the transcripts that use it, and those after them, are not checked " +
			"(on Debian or Ubuntu: apt-get install redis-tools)")
	}

	var redisAddr string
	if redisServer != "" {
		redisAddr = startRedisServer(t, redisServer)
	}
	for _, r := range runs {
		t.Run(r.doc, func(t *testing.T) {
			t.Logf("%d transcripts, against the reference solution%s", len(r.trs), map[bool]string{true: " and redis-server"}[redisAddr != ""])
			runChapter(t, r.trs, transcriptTarget{name: "the reference solution", addr: serveReference(t)}, redisCli)
			if redisAddr != "" {
				require.NoError(t, flushAll(redisAddr))
				runChapter(t, r.trs, transcriptTarget{name: "redis-server", addr: redisAddr}, redisCli)
			}
		})
	}
}

// runChapter runs a chapter's transcripts in order against one server,
// stopping at the first that cannot run (the others depend on it).
func runChapter(t *testing.T, trs []transcript, target transcriptTarget, redisCli string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a watchdog
	defer cancel()
	for _, tr := range trs {
		got, needCli, err := runTranscript(ctx, tr, target.addr, redisCli)
		if needCli {
			return
		}
		if err != nil {
			t.Errorf("%s: running the transcript against %s: %v", tr.at(tr.line), target.name, err)
			return
		}
		if d := transcriptDiff(tr, target.name, got); d != "" {
			t.Error(d)
		}
	}
}

// serveReference serves exercise 5's reference solution on a free port of
// 127.0.0.1 until the test ends, with a store of its own.
func serveReference(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- miniredis.Serve(ln, miniredis.Config{}) }()
	t.Cleanup(func() {
		ln.Close()
		if err := <-served; err != nil && !errors.Is(err, net.ErrClosed) {
			t.Errorf("the reference solution's Serve returned %v", err)
		}
	})
	return ln.Addr().String()
}

// A chapter may also show a plausible wrong version of its exercise's file
// (a ```go attempt block: declarations that take the place of the
// solution's of the same names) and what `workbook next` says about it (the
// ```text attempt block after it, in the chapter's language).
// TestChapterAttempts runs the exercise's tests on the solution with the
// attempt's declarations in place, as workbook next does, and checks the
// block: the count of passing tests, the failing tests and their
// descriptions, and each message, whitespace aside (it is wrapped to the
// terminal) and the test's line numbers aside (they move as tests change).
const attemptMark = "attempt"

func TestChapterAttempts(t *testing.T) {
	c := loadCourse(t)
	found := 0
	for i := range c.Exercises {
		e := &c.Exercises[i]
		// The attempt's Go code is the same in every language (the book's
		// parity test says so), so one run, with the messages in both
		// languages, checks every language's output.
		type shownAttempt struct {
			doc         string
			code, shown *fencedBlock
			lang        i18n.Lang
		}
		var attempts []shownAttempt
		for _, lang := range course.BookLanguages {
			text, err := os.ReadFile(c.ChapterPath(lang, e.Chapter))
			require.NoError(t, err)
			doc := filepath.ToSlash(filepath.Join(c.BookDir, lang, e.Chapter))
			blocks, err := fencedBlocks(doc, strings.Split(strings.ReplaceAll(string(text), "\r\n", "\n"), "\n"))
			require.NoError(t, err)
			a := shownAttempt{doc: doc}
			testLang, _, _ := strings.Cut(lang, "-") // en, zh
			a.lang = i18n.Lang(testLang)
			for k := range blocks {
				switch b := &blocks[k]; {
				case b.words != attemptMark:
				case b.lang == "go" && a.code == nil:
					a.code = b
				case b.lang == "text" && a.code != nil && a.shown == nil:
					a.shown = b
				default:
					t.Errorf("%s:%d: a chapter has one ```go attempt block, then one ```text attempt block of what workbook next says about it", doc, b.fenceLine)
				}
			}
			if a.code == nil {
				continue
			}
			if !assert.NotNil(t, a.shown, "%s:%d: the attempt has no ```text attempt block after it, with what workbook next says about it", doc, a.code.fenceLine) {
				continue
			}
			attempts = append(attempts, a)
		}
		if len(attempts) == 0 {
			continue
		}
		found += len(attempts)
		t.Run(e.Dir, func(t *testing.T) {
			t.Parallel()
			first := attempts[0]
			replacement := filepath.Join(t.TempDir(), e.File)
			src, err := attemptSource(c.SolutionPath(e), strings.Join(first.code.body, "\n"))
			require.NoError(t, err, "%s:%d: the attempt and the solution do not make one file", first.doc, first.code.fenceLine)
			require.NoError(t, os.WriteFile(replacement, src, 0o644))
			v := attemptVerdict(t, c, e, replacement, string(i18n.Both))
			for _, a := range attempts {
				checkAttemptOutput(t, a.doc, a.shown, e, v, a.lang)
			}
		})
	}
	if found == 0 {
		t.Log("no chapter shows an attempt (```go attempt)")
	}
}

// attemptSource is the solution file at solutionPath with the attempt's
// top-level declarations added and the solution's of the same names kept
// under other names (an unused function still compiles, and keeps the
// imports it uses in use).
func attemptSource(solutionPath, attempt string) ([]byte, error) {
	fset := token.NewFileSet()
	sol, err := parser.ParseFile(fset, solutionPath, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	att, err := parser.ParseFile(token.NewFileSet(), "attempt.go", "package "+sol.Name.Name+"\n"+attempt, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for _, d := range att.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					names[s.Name.Name] = true
				case *ast.ValueSpec:
					for _, n := range s.Names {
						names[n.Name] = true
					}
				}
			}
		}
	}
	ast.Inspect(sol, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			id.Name += "Replaced"
		}
		return true
	})
	var b bytes.Buffer
	if err := format.Node(&b, fset, sol); err != nil {
		return nil, err
	}
	b.WriteString("\n" + attempt + "\n")
	return b.Bytes(), nil
}

// attemptVerdict runs the exercise's tests as workbook next does, with
// replacement in place of the stub and the messages in testLang.
func attemptVerdict(t *testing.T, c *course.Course, e *course.Exercise, replacement, testLang string) *gotest.Verdict {
	t.Helper()
	v := runnerVerdict(t, c, e, replacement, e.Race && len(raceFlags(t)) > 0, course.TestLangEnv+"="+testLang)
	require.Empty(t, v.Build, "the attempt does not build")
	return v
}

// squeeze drops every space and backtick: the terminal wraps the text,
// and renders code spans without their backticks.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '`' {
			return -1
		}
		return r
	}, s)
}

var (
	attemptFailure = regexp.MustCompile(`^✗ (Test\S*) — (.*)$`)
	attemptCount   = regexp.MustCompile(`^✗ (\d+)\D+(\d+)`)
	attemptAt      = regexp.MustCompile(`^(at|位置：)\s*\S+\.go:\d+$`)
)

// checkAttemptOutput compares the ```text attempt block with the verdict.
func checkAttemptOutput(t *testing.T, doc string, shown *fencedBlock, e *course.Exercise, v *gotest.Verdict, lang i18n.Lang) {
	t.Helper()
	failed := map[string]bool{}
	passed := 0
	for _, test := range e.Tests {
		switch testResult(v, test.Name).Status {
		case gotest.StatusPass:
			passed++
		default:
			failed[test.Name] = true
		}
	}
	// The block: the count line, then per failing test its line with the
	// description (continued on lines indented by 2) and its messages
	// (indented by 4 or more), which end at the "at file:line" line.
	type shownFailure struct {
		line           int
		desc, messages string
	}
	shownFailures := map[string]*shownFailure{}
	var cur *shownFailure
	for n, l := range shown.body {
		line := shown.fenceLine + 1 + n
		trimmed := strings.TrimSpace(l)
		if m := attemptCount.FindStringSubmatch(l); m != nil && !attemptFailure.MatchString(l) {
			assert.Equal(t, fmt.Sprintf("%d of %d", passed, len(e.Tests)), m[1]+" of "+m[2],
				"%s:%d: the count of passing tests is not what workbook next says", doc, line)
			continue
		}
		if m := attemptFailure.FindStringSubmatch(l); m != nil {
			cur = &shownFailure{line: line, desc: m[2]}
			shownFailures[m[1]] = cur
			continue
		}
		switch {
		case cur == nil || trimmed == "" || attemptAt.MatchString(trimmed):
		case strings.HasPrefix(l, "    "):
			cur.messages += trimmed
		case strings.HasPrefix(l, "  "):
			cur.desc += trimmed
		}
	}
	for name := range failed {
		if shownFailures[name] == nil {
			t.Errorf("%s:%d: workbook next says %s fails on the attempt, but the chapter does not show it:\n%s",
				doc, shown.fenceLine, name, testResult(v, name).Output)
		}
	}
	for name, f := range shownFailures {
		if !failed[name] {
			t.Errorf("%s:%d: the chapter shows %s failing, but it passes on the attempt", doc, f.line, name)
			continue
		}
		var want string
		for _, test := range e.Tests {
			if test.Name == name {
				want = test.Text.In(lang)
			}
		}
		assert.Equal(t, squeeze(want), squeeze(f.desc), "%s:%d: the description of %s is not the manifest's", doc, f.line, name)
		// workbook next puts a failing subtest's name in front of its
		// message ("with_a_connection_open: …"); the messages, in both
		// languages here, are the test's output.
		var output strings.Builder
		messages := f.messages
		for _, r := range v.Tests {
			if r.Name == name || strings.HasPrefix(r.Name, name+"/") {
				output.WriteString(r.Output + "\n")
				if sub, ok := strings.CutPrefix(r.Name, name+"/"); ok && r.Status == gotest.StatusFail {
					messages = strings.TrimPrefix(messages, sub+":")
				}
			}
		}
		got := squeeze(attemptAtRef.ReplaceAllString(output.String(), ""))
		if !strings.Contains(got, squeeze(messages)) {
			t.Errorf("%s:%d: the messages of %s are not what the tests print on the attempt.\nThe chapter: %s\nThe tests:\n%s",
				doc, f.line, name, f.messages, output.String())
		}
	}
}

// attemptAtRef is a test's "file.go:12: " in front of its message.
var attemptAtRef = regexp.MustCompile(`[\w.-]+\.go:\d+: `)
