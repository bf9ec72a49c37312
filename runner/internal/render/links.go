package render

import (
	"net/url"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Links makes the paths a screen shows into OSC 8 hyperlinks to their
// files, which terminals that know them open on a click; the label stays
// the path as it was written. The zero value makes none: the runner turns
// links on only for a terminal that is not VS Code's (which links paths
// itself) and never for plain output.
type Links struct {
	// Root is the folder the relative paths shown are relative to (the
	// workbook's root); "" makes no links.
	Root string
	// Host is this machine's name, the host of the file:// URLs, so that
	// a terminal reached over ssh does not open a file of its own machine.
	Host string
}

// FileURL is the file:// URL of the absolute path abs on host, every byte
// a URL may not carry as it is percent-encoded (a space is %20, a Chinese
// folder name its UTF-8 bytes).
func FileURL(host, abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/Users/… on Windows
	}
	return (&url.URL{Scheme: "file", Host: host, Path: p}).String()
}

// link is label, the styled text of path, as a link to the file at path
// (relative to Links.Root, or absolute) when links are on and the label
// fits on a line of width cells: a label broken across lines would be cut
// inside its escape code.
func (o Options) link(label, path string, width int) string {
	if o.Plain || o.Links.Root == "" || Width(label) > width {
		return label
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(o.Links.Root, filepath.FromSlash(path))
	}
	return ansi.SetHyperlink(FileURL(o.Links.Host, path)) + label + ansi.ResetHyperlink()
}
