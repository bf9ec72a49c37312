package watch

import (
	"github.com/fsnotify/fsnotify"
)

// notifier is the part of *fsnotify.Watcher the Watcher uses; tests replace
// it to make fsnotify fail.
type notifier interface {
	Add(dir string) error
	Close() error
	Events() <-chan fsnotify.Event
	Errors() <-chan error
}

// fsNotifier adapts *fsnotify.Watcher to notifier.
type fsNotifier struct{ w *fsnotify.Watcher }

func newFSNotifier() (notifier, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	return fsNotifier{w}, nil
}

func (n fsNotifier) Add(dir string) error          { return n.w.Add(dir) }
func (n fsNotifier) Close() error                  { return n.w.Close() }
func (n fsNotifier) Events() <-chan fsnotify.Event { return n.w.Events }
func (n fsNotifier) Errors() <-chan error          { return n.w.Errors }
