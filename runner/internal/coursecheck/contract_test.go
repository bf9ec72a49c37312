package coursecheck

import (
	"fmt"
	"go/ast"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course"
)

// contractProblem is one way a comment breaks the bilingual rule (see
// the package doc), said in both languages, since the author reading it may
// read either.
type contractProblem struct{ en, zh string }

func (p contractProblem) String() string { return p.en + "\n    " + p.zh }

// CommentProblems checks every comment of the Go file src against the
// bilingual rule: the doc comments (the package's, and those of its types,
// fields, functions, methods, constants and variables), the comments in
// code, and the TODO comments ("TODO:" lines in English, each with its
// "TODO：" in Chinese). Each problem starts with file:line and the name
// the comment documents ("comment" for one in code).
func CommentProblems(path string, src []byte) ([]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	declared := declaredNames(f)
	var problems []string
	docs := map[*ast.CommentGroup]bool{}
	check := func(name string, g *ast.CommentGroup) {
		if g == nil {
			return
		}
		docs[g] = true
		for _, p := range bilingualProblems(g.Text(), declared) {
			problems = append(problems, fmt.Sprintf("%s: %s: %s", fset.Position(g.Pos()), name, p))
		}
	}
	check("package "+f.Name.Name, f.Doc)
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			check(funcName(d), d.Doc)
		case *ast.GenDecl:
			name := d.Tok.String() + " block"
			if !d.Lparen.IsValid() && len(d.Specs) == 1 { // type T …: the doc is the declaration's
				name = specName(d.Specs[0])
			}
			check(name, d.Doc)
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					check(s.Name.Name, s.Doc)
					ast.Inspect(s.Type, func(n ast.Node) bool {
						if field, ok := n.(*ast.Field); ok && len(field.Names) > 0 {
							check(s.Name.Name+"."+field.Names[0].Name, field.Doc)
						}
						return true
					})
				case *ast.ValueSpec:
					check(s.Names[0].Name, s.Doc)
				}
			}
		}
	}
	for _, g := range f.Comments {
		if docs[g] {
			continue
		}
		text := g.Text()
		if !strings.Contains(text, "TODO") {
			check("comment", g)
			continue
		}
		if en, zh := strings.Count(text, "TODO:"), strings.Count(text, "TODO："); en != zh {
			problems = append(problems, fmt.Sprintf("%s: %s", fset.Position(g.Pos()), contractProblem{
				fmt.Sprintf("%d TODO: line(s) in English but %d TODO： line(s) in Chinese: write each TODO in both languages, the English line first.", en, zh),
				fmt.Sprintf("英文的 TODO: 有 %d 行，中文的 TODO： 却有 %d 行：每条 TODO 都要用两种语言写，英文在前。", en, zh),
			}))
		}
	}
	return problems, nil
}

// specName is the name a type or value spec declares.
func specName(s ast.Spec) string {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return s.Name.Name
	case *ast.ValueSpec:
		return s.Names[0].Name
	}
	return "import"
}

// funcName is how a doc comment's function is named in a problem: Name,
// or Type.Name for a method.
func funcName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	t := d.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	if index, ok := t.(*ast.IndexExpr); ok {
		t = index.X
	}
	if ident, ok := t.(*ast.Ident); ok {
		return ident.Name + "." + d.Name.Name
	}
	return d.Name.Name
}

// declaredNames are the file's exported top-level names, methods and
// fields: an English part that names one is naming code, which the
// Chinese part must name too.
func declaredNames(f *ast.File) map[string]bool {
	names := map[string]bool{}
	add := func(id *ast.Ident) {
		if id != nil && id.IsExported() {
			names[id.Name] = true
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			add(n.Name)
		case *ast.TypeSpec:
			add(n.Name)
		case *ast.ValueSpec:
			for _, id := range n.Names {
				add(id)
			}
		case *ast.Field:
			for _, id := range n.Names {
				add(id)
			}
		}
		return true
	})
	return names
}

// A doc comment's parts: its prose (paragraphs, list items and headings,
// each a string), its code blocks, and the number of items of each list.
type commentPart struct {
	prose []string
	code  []string
	lists []int
}

// bilingualProblems checks one doc comment's text (CommentGroup.Text).
func bilingualProblems(text string, declared map[string]bool) []contractProblem {
	var problems []contractProblem
	add := func(en, zh string) { problems = append(problems, contractProblem{en, zh}) }

	var p comment.Parser
	blocks := p.Parse(text).Content
	zhStart := slices.IndexFunc(blocks, func(b comment.Block) bool { return hasHan(blockText(b)) })
	if zhStart < 0 {
		add("it has no Chinese part: after the English paragraphs, write the same in Chinese, in the same doc comment.",
			"它没有中文部分：在英文段落之后，于同一个文档注释里用中文再写一遍。")
		return problems
	}
	if zhStart == 0 {
		add("it has no English part: start with the English paragraphs, then the Chinese ones.",
			"它没有英文部分：先写英文段落，再写中文段落。")
		return problems
	}
	en, zh := split(blocks[:zhStart]), split(blocks[zhStart:])
	for _, s := range zh.prose {
		if !hasHan(s) {
			add(fmt.Sprintf("the Chinese part has a paragraph or list item without Chinese (%q): the English comes first, all of it, then the Chinese.", cut(s)),
				fmt.Sprintf("中文部分有一段或一个列表项不含中文（%q）：英文全部写在前面，然后才是中文。", cut(s)))
		}
	}
	if !slices.Equal(en.code, zh.code) {
		add(fmt.Sprintf("its code blocks differ: %d in English, %d in Chinese, which must be the same blocks, byte for byte, in the same order.", len(en.code), len(zh.code)),
			fmt.Sprintf("两部分的代码块不一致：英文 %d 个，中文 %d 个；它们必须是相同的代码块，逐字节相同，顺序也相同。", len(en.code), len(zh.code)))
	}
	if !slices.Equal(en.lists, zh.lists) {
		add(fmt.Sprintf("its lists differ: items per list %v in English, %v in Chinese.", en.lists, zh.lists),
			fmt.Sprintf("两部分的列表不一致：每个列表的项数，英文是 %v，中文是 %v。", en.lists, zh.lists))
	}
	enTokens, zhTokens := tokens(strings.Join(en.prose, "\n")), tokens(strings.Join(zh.prose, "\n"))
	for _, lit := range missing(enTokens.literals, zhTokens.literals) {
		add(fmt.Sprintf("the English part quotes %s and the Chinese part does not: quote it the same way in both.", lit),
			fmt.Sprintf("英文部分引用了 %s，中文部分没有：两部分要用同样的写法引用它。", lit))
	}
	for _, lit := range missing(zhTokens.literals, enTokens.literals) {
		add(fmt.Sprintf("the Chinese part quotes %s and the English part does not: quote it the same way in both.", lit),
			fmt.Sprintf("中文部分引用了 %s，英文部分没有：两部分要用同样的写法引用它。", lit))
	}
	for _, n := range missing(enTokens.numbers, zhTokens.numbers) {
		add(fmt.Sprintf("the number %s is in the English part only: write it in digits in both.", n),
			fmt.Sprintf("数字 %s 只出现在英文部分：两部分都要用阿拉伯数字写出它。", n))
	}
	for _, n := range missing(zhTokens.numbers, enTokens.numbers) {
		add(fmt.Sprintf("the number %s is in the Chinese part only: write it in digits in both.", n),
			fmt.Sprintf("数字 %s 只出现在中文部分：两部分都要用阿拉伯数字写出它。", n))
	}
	var code []string
	for _, w := range enTokens.words {
		if declared[w] || codeLike(w) {
			code = append(code, w)
		}
	}
	for _, id := range missing(code, zhTokens.words) {
		add(fmt.Sprintf("the English part names %s and the Chinese part does not: name it in both, untranslated.", id),
			fmt.Sprintf("英文部分提到了 %s，中文部分没有：两部分都要写出它，不要翻译。", id))
	}
	for _, w := range zhTokens.words {
		if !slices.ContainsFunc(enTokens.words, func(e string) bool { return sameWord(e, w) }) {
			add(fmt.Sprintf("the Chinese part names %s and the English part does not: an English word in Chinese prose is code or a term the English uses too.", w),
				fmt.Sprintf("中文部分出现了 %s，英文部分没有：中文行文里的英文词只能是代码，或英文部分也用的术语。", w))
		}
	}
	problems = append(problems, chineseTypography(text)...)
	return problems
}

// split gathers blocks into a commentPart.
func split(blocks []comment.Block) commentPart {
	var part commentPart
	for _, b := range blocks {
		switch b := b.(type) {
		case *comment.Code:
			part.code = append(part.code, b.Text)
		case *comment.List:
			part.lists = append(part.lists, len(b.Items))
			for _, item := range b.Items {
				for _, c := range item.Content {
					part.prose = append(part.prose, blockText(c))
				}
			}
		default:
			part.prose = append(part.prose, blockText(b))
		}
	}
	return part
}

// blockText is a block's text, as written (a code block's too).
func blockText(b comment.Block) string {
	var sb strings.Builder
	var texts func([]comment.Text)
	texts = func(ts []comment.Text) {
		for _, t := range ts {
			switch t := t.(type) {
			case comment.Plain:
				sb.WriteString(string(t))
			case comment.Italic:
				sb.WriteString(string(t))
			case *comment.Link:
				texts(t.Text)
			case *comment.DocLink:
				texts(t.Text)
			}
		}
	}
	switch b := b.(type) {
	case *comment.Paragraph:
		texts(b.Text)
	case *comment.Heading:
		texts(b.Text)
	case *comment.Code:
		sb.WriteString(b.Text)
	case *comment.List:
		for _, item := range b.Items {
			for _, c := range item.Content {
				sb.WriteString(blockText(c) + "\n")
			}
		}
	}
	return sb.String()
}

// The tokens of a part's prose: quoted literals ("…", `…`, and '…' of one
// character or escape), numbers written in digits (thousands separators
// dropped), and words of ASCII letters, digits, '_' and '.' (a
// possessive's 's dropped). Paths (with a '/') are dropped: a chapter's
// path differs by language.
type partTokens struct{ literals, numbers, words []string }

var (
	literalRE = regexp.MustCompile("\"[^\"]*\"|`[^`]*`|'\\\\?[^'\\s]'")
	pathRE    = regexp.MustCompile(`[\w.-]*/[\w./-]+`)
	tokenRE   = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|[0-9]+(?:,[0-9]{3})*`)
	spaceRE   = regexp.MustCompile(`\s+`)
)

func tokens(prose string) partTokens {
	var t partTokens
	prose = literalRE.ReplaceAllStringFunc(prose, func(lit string) string {
		t.literals = append(t.literals, spaceRE.ReplaceAllString(lit, " "))
		return " "
	})
	prose = pathRE.ReplaceAllString(prose, " ")
	prose = strings.ReplaceAll(prose, "'s", "")
	for _, tok := range tokenRE.FindAllString(prose, -1) {
		if tok[0] >= '0' && tok[0] <= '9' {
			t.numbers = append(t.numbers, strings.ReplaceAll(tok, ",", ""))
		} else {
			t.words = append(t.words, tok)
		}
	}
	return t
}

// codeLike reports whether an English word can only be code: a qualified
// name (net.Conn, resp.go), or one with a digit, an underscore, or a
// capital letter after its first (IncrBy, RESP2, QUIT).
func codeLike(w string) bool {
	return strings.ContainsAny(w, "._0123456789") ||
		strings.IndexFunc(w[1:], unicode.IsUpper) >= 0
}

// sameWord reports whether the Chinese part's word w is the English e,
// or e is w with an English ending (panicked for panic, listeners for
// listener) or a sentence's capital.
func sameWord(e, w string) bool {
	e, w = strings.ToLower(e), strings.ToLower(w)
	rest, ok := strings.CutPrefix(e, w)
	return ok && slices.Contains([]string{"", "s", "es", "ed", "ing", "ked", "king"}, rest)
}

// missing lists, once each, the items of want that have is lacks.
func missing(want, have []string) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(have, w) && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// chineseTypography checks the Chinese lines of a doc comment's text: no
// line break between two Chinese characters (go doc and editors join lines
// with a space, which would fall inside a Chinese phrase), and full-width
// punctuation around Chinese characters.
func chineseTypography(text string) []contractProblem {
	var problems []contractProblem
	lines := strings.Split(text, "\n")
	for i := 0; i+1 < len(lines); i++ {
		line, next := strings.TrimRight(lines[i], " "), strings.TrimLeft(lines[i+1], " ")
		if line == "" || next == "" || strings.HasPrefix(line, "\t") || strings.HasPrefix(next, "\t") {
			continue
		}
		last, first := []rune(line)[len([]rune(line))-1], []rune(next)[0]
		if isHanChar(last) && (isHanChar(first) || strings.ContainsRune("，。；：、）！？", first)) {
			problems = append(problems, contractProblem{
				fmt.Sprintf("a line breaks between two Chinese characters (%q / %q): break at a space or after full-width punctuation, since go doc joins lines with a space.", cut(line), cut(next)),
				fmt.Sprintf("有一行在两个汉字之间断开（%q / %q）：go doc 用空格连接各行，只能在空格处或全角标点之后断行。", cut(line), cut(next)),
			})
		}
	}
	for _, line := range lines {
		if strings.HasPrefix(line, "\t") {
			continue
		}
		line = literalRE.ReplaceAllString(line, " ")
		m := halfWidthRE.FindString(line)
		if m == "" && hasHan(line) {
			m = strings.TrimSpace(halfWidthEndRE.FindString(line))
		}
		if m != "" {
			problems = append(problems, contractProblem{
				fmt.Sprintf("half-width punctuation beside Chinese (%q in %q): use ，。；：（）！？", m, cut(line)),
				fmt.Sprintf("汉字旁用了半角标点（%q，在 %q 中）：请用 ，。；：（）！？", m, cut(line)),
			})
		}
	}
	return problems
}

var halfWidthRE = regexp.MustCompile(`\p{Han}[,;:()!?.](?:\s|$|\p{Han})|\p{Han}[,;:(!?]|[,;:)!?.]\p{Han}`)

// halfWidthEndRE finds, in a line with Chinese, half-width punctuation
// that ends a clause or a sentence: after code, say.
var halfWidthEndRE = regexp.MustCompile(`[,;:!?.]\s+\p{Han}|[.,;:!?]$`)

func hasHan(s string) bool { return strings.IndexFunc(s, isHanChar) >= 0 }

func isHanChar(r rune) bool { return unicode.Is(unicode.Han, r) }

// cut shortens s for a problem's text.
func cut(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// TestCommentsAreBilingual keeps each exercise's contract in both
// languages and in step: every comment of the stubs, of the provided files
// and of the solutions (doc comments, comments in code, TODOs) follows the
// bilingual rule (see the package doc). The provided files beside the solutions are the exercises' own,
// byte for byte (TestProvidedFilesMatchSolutions), so they are read once.
func TestCommentsAreBilingual(t *testing.T) {
	root, err := course.Find(".")
	require.NoError(t, err, "the author check must run inside the workbook")
	c, problems := Load(root)
	require.Empty(t, problems, "the course does not load / 课程无法加载")
	var files []string
	for i := range c.Exercises {
		e := &c.Exercises[i]
		provided, err := goFiles(c.ExerciseDir(e), e.File)
		require.NoError(t, err)
		files = append(files, c.StubPath(e), c.SolutionPath(e))
		for _, name := range provided {
			files = append(files, filepath.Join(c.ExerciseDir(e), name))
		}
	}
	ruledOut := glossaryRuledOut(t, filepath.Join(root, "book", "GLOSSARY.md"))
	checked := 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		problems, err := CommentProblems(rel(c, path), src)
		require.NoError(t, err, "%s does not parse / 无法解析", rel(c, path))
		for _, p := range problems {
			t.Error(p)
		}
		for i, line := range strings.Split(string(src), "\n") {
			_, text, ok := strings.Cut(line, "//")
			if !ok || !hasHan(text) {
				continue
			}
			for _, term := range ruledOut {
				if strings.Contains(text, term) {
					t.Errorf("%s:%d: %q is ruled out by book/GLOSSARY.md: use the term it gives.\n    book/GLOSSARY.md 不用“%s”：请用表中给出的词。",
						rel(c, path), i+1, term, term)
				}
			}
		}
		checked++
	}
	assert.Positive(t, checked, "no file checked / 一个文件也没有检查")
}

// glossaryRuledOut reads the Chinese terms of book/GLOSSARY.md's "不用 · not"
// column (in code font there). Latin terms are left to the book's tests:
// the English part of a comment may use them. So are terms with a wildcard
// (在…中存活) or that a longer, correct word contains (Go 程 in Go 程序).
func glossaryRuledOut(t *testing.T, path string) []string {
	data, err := os.ReadFile(path)
	require.NoError(t, err, "the glossary cannot be read / 无法读取术语表")
	var terms []string
	col := -1
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "|") {
			col = -1
			continue
		}
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if i := slices.Index(cells, "不用 · not"); i >= 0 {
			col = i
			continue
		}
		if col < 0 || col >= len(cells) {
			continue
		}
		for _, m := range codeSpanRE.FindAllStringSubmatch(cells[col], -1) {
			if term := m[1]; hasHan(term) && !strings.ContainsAny(term, "… ") {
				terms = append(terms, term)
			}
		}
	}
	require.NotEmpty(t, terms, "book/GLOSSARY.md has no Chinese term in its 不用 · not column / 术语表的“不用”一栏里没有中文词")
	return terms
}

var codeSpanRE = regexp.MustCompile("`([^`]+)`")

// TestCommentProblems shows each rule failing on a file that breaks it,
// and passing on one that keeps them all.
func TestCommentProblems(t *testing.T) {
	const good = "package p\n\n" +
		"// IncrBy adds delta to key, a missing key counting as 0, and returns\n" +
		"// ErrOverflow past int64's range. It reads \"-ERR \" first:\n" +
		"//\n" +
		"//\tx := 1\n" +
		"//\n" +
		"// IncrBy 把 delta 加到 key 上（不存在的键按 0 算），超出 int64 的范围时返回\n" +
		"// ErrOverflow。它先读取 \"-ERR \"：\n" +
		"//\n" +
		"//\tx := 1\n" +
		"func IncrBy() {\n" +
		"\t// Nothing yet.\n" +
		"\t//\n" +
		"\t// 还没有内容。\n" +
		"\tprintln()\n" +
		"\t// TODO: add.\n" +
		"\t// TODO：加上。\n" +
		"}\n\n" +
		"var ErrOverflow error\n"
	tests := []struct {
		name     string
		old, new string   // the mutation of good: old, found once, becomes new
		want     []string // parts of the problems expected, in each language; none for no problem
	}{
		{"both languages, in step", "", "", nil},
		{"English only", "//\n// IncrBy 把 delta 加到 key 上（不存在的键按 0 算），超出 int64 的范围时返回\n// ErrOverflow。它先读取 \"-ERR \"：\n//\n//\tx := 1\n", "",
			[]string{"no Chinese part", "没有中文部分"}},
		{"Chinese first", "// IncrBy adds delta", "// IncrBy 加上。\n//\n// IncrBy adds delta", []string{"no English part", "没有英文部分"}},
		{"English after the Chinese", "var ErrOverflow", "// It adds.\n//\n// 它加上。\n//\n// It adds.\nvar ErrOverflow", []string{"without Chinese", "不含中文"}},
		{"a comment in code in English only", "\t//\n\t// 还没有内容。\n", "", []string{"comment: it has no Chinese part", "没有中文部分"}},
		{"a number changed", "按 0 算", "按 1 算", []string{"number 0 is in the English part only", "数字 1 只出现在中文部分"}},
		{"an identifier translated", "// ErrOverflow。", "// 溢出错误。", []string{"names ErrOverflow", "提到了 ErrOverflow"}},
		{"a word made up", "加到 key 上", "加到 value 上", []string{"Chinese part names value", "中文部分出现了 value"}},
		{"a literal changed", "读取 \"-ERR \"", "读取 \"-ERR\"", []string{"quotes \"-ERR \"", "引用了 \"-ERR\""}},
		{"a code block changed", "//\tx := 1\nfunc", "//\tx := 2\nfunc", []string{"code blocks differ", "代码块不一致"}},
		{"a code block dropped", "//\n//\tx := 1\nfunc", "func", []string{"code blocks differ", "代码块不一致"}},
		{"a break between two Chinese characters", "范围时返回\n// ErrOverflow", "范围时\n// 返回 ErrOverflow", []string{"breaks between two Chinese", "两个汉字之间断开"}},
		{"half-width punctuation", "ErrOverflow。", "ErrOverflow.", []string{"half-width punctuation", "半角标点"}},
		{"a TODO in English only", "\t// TODO：加上。\n", "", []string{"1 TODO: line(s) in English but 0", "英文的 TODO: 有 1 行"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := good
			if tt.old != "" {
				require.Equal(t, 1, strings.Count(src, tt.old), "the mutation's old text must be found once")
				src = strings.Replace(src, tt.old, tt.new, 1)
			}
			problems, err := CommentProblems("p.go", []byte(src))
			require.NoError(t, err)
			if tt.want == nil {
				assert.Empty(t, problems)
				return
			}
			for _, w := range tt.want {
				assert.Contains(t, strings.Join(problems, "\n"), w)
			}
		})
	}
}
