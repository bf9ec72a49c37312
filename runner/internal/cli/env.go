package cli

import (
	"io"
	"os"
	"strconv"

	"github.com/charmbracelet/x/term"
)

// Env is everything the commands take from the outside world, so that tests
// can run them without a terminal, a real environment or a real folder.
type Env struct {
	Args           []string // without the program name
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Dir            string // the working directory
	// Terminal is true when stdout is a terminal; Width and Height are its
	// size (Width falls back to $COLUMNS, then 80, when it is not).
	Terminal      bool
	StdinTerminal bool
	Width, Height int
}

// OSEnv is the Env of the running program.
func OSEnv() Env {
	dir, _ := os.Getwd()
	env := Env{
		Args:   os.Args[1:],
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
		Dir:    dir,
	}
	env.Terminal = term.IsTerminal(os.Stdout.Fd())
	env.StdinTerminal = term.IsTerminal(os.Stdin.Fd())
	if env.Terminal {
		if w, h, err := term.GetSize(os.Stdout.Fd()); err == nil {
			env.Width, env.Height = w, h
		}
	}
	if env.Width <= 0 {
		if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
			env.Width = n
		} else {
			env.Width = 80
		}
	}
	return env
}

// plain reports whether output must be plain text: not a terminal,
// NO_COLOR set, or TERM=dumb.
func (e Env) plain() bool {
	return !e.Terminal || e.Getenv("NO_COLOR") != "" || e.Getenv("TERM") == "dumb"
}
