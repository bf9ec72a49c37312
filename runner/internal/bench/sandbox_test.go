package bench

import (
	"bufio"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gospawn/workbook/runner/internal/course/coursetest"
)

// holdEnv makes the test binary, started again by TestTreeRSS, hold memory
// until its standard input closes.
const holdEnv = "WORKBOOK_BENCH_HOLD"

func TestMain(m *testing.M) {
	if os.Getenv(holdEnv) != "" {
		held := make([]byte, 96<<20)
		for i := 0; i < len(held); i += 4096 {
			held[i] = 1
		}
		os.Stdout.WriteString("ready\n")
		bufio.NewReader(os.Stdin).ReadString('\n')
		runtime.KeepAlive(held)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestTreeRSS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("treeRSS reads /proc")
	}
	before, _ := treeRSS(os.Getpid())
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), holdEnv+"=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("the child did not get ready: %q, %v", line, err)
	}
	tree, own := treeRSS(os.Getpid())
	if tree-before < 96<<20 {
		t.Errorf("the tree grew by %d bytes; the child holds 96 MiB", tree-before)
	}
	if own >= tree-(96<<20) {
		t.Errorf("the root's own memory (%d) counts the child's", own)
	}
}

func TestExercisesRun(t *testing.T) {
	for _, c := range []struct {
		report string
		want   int
	}{
		{`{"submissions":[]}`, 0},
		{`{"submissions":[{"exercises":[{"tests":[{"status":"not_run"}]},{"tests":[{"status":"not_run"},{"status":"fail"}]}]},{"exercises":[{"tests":[{"status":"pass"},{"status":"pass"}]}]}]}`, 2},
	} {
		got, err := exercisesRun([]byte(c.report))
		if err != nil || got != c.want {
			t.Errorf("exercisesRun(%s) = %d, %v; want %d", c.report, got, err, c.want)
		}
	}
	if _, err := exercisesRun([]byte("not json")); err == nil {
		t.Error("exercisesRun accepted a report that is not JSON")
	}
}

// TestServerMain checks that section 6's program is Go that imports the
// solution it is given, and nothing else of the course.
func TestServerMain(t *testing.T) {
	src := fmt.Sprintf(serverMain, "example.com/course/solutions/09_kv")
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", src, parser.ImportsOnly)
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	var imports []string
	for _, spec := range f.Imports {
		imports = append(imports, spec.Path.Value)
	}
	want := []string{`"fmt"`, `"net"`, `"os"`, `"example.com/course/solutions/09_kv"`}
	if !slices.Equal(imports, want) {
		t.Errorf("the program imports %v, want %v", imports, want)
	}
}

// TestAttackSubmission: section 8's attack lands beside the first
// exercise's solution, in that exercise's folder and package, whatever the
// course names it (here coursetest.Tiny's, not the real course's).
func TestAttackSubmission(t *testing.T) {
	c := coursetest.Write(t, coursetest.Tiny()...)
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	b := &bench{root: root, tmp: t.TempDir(), course: c}
	sub, err := b.attackSubmission("hog", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	e := &c.Exercises[0]
	dir := filepath.Join(sub, c.ExercisesDir, e.Dir)
	want, err := os.ReadFile(c.SolutionPath(e))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, e.File))
	if err != nil || string(got) != string(want) {
		t.Errorf("the solution beside the attack: %v, %q", err, got)
	}
	stub, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, e.File), nil, parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	attack, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, "attack.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if attack.Name.Name != stub.Name.Name {
		t.Errorf("the attack is in package %s, the exercise in %s", attack.Name.Name, stub.Name.Name)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "attack.go"))
	if !strings.Contains(string(data), `"1048576"`) || strings.Contains(string(data), "@@SIZE@@") {
		t.Error("the size placeholder was not set")
	}
}
