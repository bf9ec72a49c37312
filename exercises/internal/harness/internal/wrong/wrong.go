// Package wrong is code that goes wrong on purpose, in the ways a
// learner's might, for the harness's own tests: its frames are the
// "learner's code" of those tests, as an exercise's files are in the
// course.
package wrong

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Never returns a channel that nothing ever sends on.
func Never() <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		<-make(chan struct{}) // blocked for good: a leak
		close(ch)
	}()
	return ch
}

// Locked returns a channel that a goroutine closes once it gets a lock
// that another goroutine holds while it waits for good.
func Locked() <-chan struct{} {
	var mu sync.Mutex
	ch, held := make(chan struct{}), make(chan struct{})
	go func() {
		mu.Lock()
		close(held)
		<-make(chan struct{}) // holds mu for good
		mu.Unlock()
	}()
	go func() {
		<-held
		mu.Lock() // waits for good, not durably
		close(ch)
		mu.Unlock()
	}()
	return ch
}

// Spin returns a channel that a goroutine closes once stop is set, and
// spins until then.
func Spin(stop *atomic.Bool) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		for !stop.Load() {
		}
		close(ch)
	}()
	return ch
}

// Later returns a channel that a goroutine closes after d.
func Later(d time.Duration) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		time.Sleep(d)
		close(ch)
	}()
	return ch
}

// AcceptForever calls ln.Accept in a loop that ignores every error.
func AcceptForever(ln net.Listener) {
	go func() {
		for {
			if c, err := ln.Accept(); err == nil {
				c.Close()
			}
		}
	}()
}

// LockTwice locks a mutex it already holds, as code that forgot an Unlock
// does, and so waits for good, not durably, in the caller's goroutine.
func LockTwice() {
	var mu sync.Mutex
	mu.Lock()
	mu.Lock()
}
