package runner_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// verbs matches a fmt verb, so that both languages of a text take the same
// arguments.
var verbs = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// TestEveryTextInBothLanguages reads every two-language text the runner
// defines (a composite literal with En and Zh fields, in any package) and
// requires both languages, the same formatting verbs in each, and each in
// its own script: a text in one language only is a bug wherever it is.
func TestEveryTextInBothLanguages(t *testing.T) {
	fset := token.NewFileSet()
	count := 0
	err := filepath.WalkDir("internal", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			strings.Contains(path, "testdata") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			fields := map[string]string{}
			for _, elt := range lit.Elts {
				kv, ok := elt.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				key, ok := kv.Key.(*ast.Ident)
				if !ok || key.Name != "En" && key.Name != "Zh" {
					continue
				}
				fields[key.Name] = stringValue(kv.Value)
			}
			if len(fields) == 0 {
				return true
			}
			count++
			pos := fset.Position(lit.Pos())
			en, zh := fields["En"], fields["Zh"]
			computed := strings.Contains(en+zh, computedPart)
			switch {
			case strings.TrimSpace(en) == "":
				t.Errorf("%s: the text has no English", pos)
			case strings.TrimSpace(zh) == "":
				t.Errorf("%s: the text has no Chinese", pos)
			case computed:
				// Built from other texts: those are checked where they are defined.
			case len(verbs.FindAllString(en, -1)) != len(verbs.FindAllString(zh, -1)):
				t.Errorf("%s: the languages take different arguments: %q and %q", pos, en, zh)
			case han.MatchString(en):
				t.Errorf("%s: Chinese in the English text %q", pos, en)
			case !cjk.MatchString(zh):
				t.Errorf("%s: no Chinese in the Chinese text %q", pos, zh)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count < 100 {
		t.Fatalf("found only %d texts: is the test in runner/?", count)
	}
}

var (
	han = regexp.MustCompile(`\p{Han}`)
	cjk = regexp.MustCompile(`[\p{Han}\x{3000}-\x{303F}\x{FF00}-\x{FFEF}]`)
)

// computedPart stands for a part of a text that is not a literal.
const computedPart = "\x00"

// stringValue is the value of a string literal, or of a concatenation of
// them, with computedPart for anything computed (which counts as present).
func stringValue(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.BasicLit:
		if s, err := strconv.Unquote(e.Value); err == nil {
			return s
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			return stringValue(e.X) + stringValue(e.Y)
		}
	}
	return computedPart
}

// shown are the packages (and files) whose errors reach a learner or an
// instructor: each must be said in both languages.
var shown = []string{"internal/cli", "internal/i18n", "internal/course", "internal/state", "internal/check",
	"internal/progress", "internal/grade/command.go", "internal/gotest", "internal/book", "internal/render", "internal/watch",
	"internal/confine/bwrap.go", "internal/confine/cgroup_linux.go", "internal/confine/cgroup_other.go", "internal/confine/spec.go",
	"internal/grade", "internal/autograder", "internal/explain"}

// unshown are the errors in those packages that nobody reads, by the
// declaration they are made in, and why.
var unshown = map[string]string{
	"cli.errBadValue":     "only tells pflag that a value is wrong; flagError says what is",
	"grade.ParseMinScore": "only tells the command line that the value is wrong; it says what is",
}

// TestEveryErrorInBothLanguages: in the packages whose errors people read,
// no error is made by errors.New or fmt.Errorf (English only): they are
// i18n.Errorf texts, or types with a Text method beside Error.
func TestEveryErrorInBothLanguages(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	for _, root := range shown {
		errorTypes, texters := map[string]token.Position{}, map[string]bool{}
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
				strings.Contains(path, "testdata") || strings.Contains(path, "coursetest") ||
				strings.Contains(path, filepath.Join("course", "internal")) { // go generate's, for course authors
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			checked++
			for _, decl := range f.Decls {
				name := f.Name.Name + "."
				switch d := decl.(type) {
				case *ast.FuncDecl:
					name += d.Name.Name
					if d.Recv != nil && len(d.Recv.List) == 1 {
						recv := receiverType(d.Recv.List[0].Type)
						switch d.Name.Name {
						case "Error":
							errorTypes[recv] = fset.Position(d.Pos())
						case "Text":
							texters[recv] = true
						}
					}
				case *ast.GenDecl:
					if len(d.Specs) == 1 {
						if v, ok := d.Specs[0].(*ast.ValueSpec); ok && len(v.Names) == 1 {
							name += v.Names[0].Name
						}
					}
				}
				ast.Inspect(decl, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					sel, ok := call.Fun.(*ast.SelectorExpr)
					if !ok {
						return true
					}
					pkg, ok := sel.X.(*ast.Ident)
					if ok && (pkg.Name == "errors" && sel.Sel.Name == "New" || pkg.Name == "fmt" && sel.Sel.Name == "Errorf") {
						if _, ok := unshown[name]; ok {
							return true
						}
						t.Errorf("%s: %s.%s makes an error in English only; use i18n.Errorf (or list it in unshown with a reason)",
							fset.Position(call.Pos()), pkg.Name, sel.Sel.Name)
					}
					return true
				})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for typ, pos := range errorTypes {
			if !texters[typ] {
				t.Errorf("%s: %s has an Error method but no Text method: its message is English only", pos, typ)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("checked only %d files: is the test in runner/?", checked)
	}
}

// receiverType is the name of a method's receiver type, without a star.
func receiverType(e ast.Expr) string {
	if star, ok := e.(*ast.StarExpr); ok {
		e = star.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
