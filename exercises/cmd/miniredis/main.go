// Command miniredis serves the learner's exercise 5 (05_mini_redis) for
// trying by hand, or, with -clients, runs every Redis client installed on
// the machine against it on the client's defaults and says which work.
//
// From the exercises folder:
//
//	go run ./cmd/miniredis              # serves on 127.0.0.1:6380 until Ctrl+C
//	go run ./cmd/miniredis -clients     # the real-clients check
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	miniredis "github.com/gospawn/workbook/exercises/05_mini_redis"
)

func main() {
	flag.CommandLine.Init(os.Args[0], flag.ContinueOnError)
	flag.CommandLine.SetOutput(os.Stderr)
	flag.Usage = func() {
		fmt.Fprint(os.Stderr, say(msgUsage))
		flag.PrintDefaults()
	}
	addr := flag.String("addr", "127.0.0.1:6380", say(msgFlagAddr))
	clients := flag.Bool("clients", false, say(msgFlagClients))
	npm := flag.String("npm", defaultNPMDir(), say(msgFlagNPM))
	timeout := flag.Duration("timeout", 60*time.Second, say(msgFlagTimeout))
	if err := flag.CommandLine.Parse(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	}
	if *clients {
		os.Exit(runClients(*npm, *timeout))
	}
	os.Exit(serve(*addr))
}

// defaultNPMDir is where the check looks for node-redis and ioredis
// besides NODE_PATH: a folder of the user's cache, kept across runs.
func defaultNPMDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "workbook-npm")
	}
	return filepath.Join(dir, "workbook", "npm")
}

// serve serves the exercise on addr until Ctrl+C.
func serve(addr string) int {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, say(msgListen, addr, err))
		return 1
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	fmt.Println(say(msgServing, ln.Addr(), port))
	served := make(chan error, 1)
	go func() { served <- miniredis.Serve(ln, miniredis.Config{}) }()
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	select {
	case err := <-served:
		fmt.Fprintln(os.Stderr, say(msgServeReturned, serveErr(err)))
		return 1
	case <-stop:
		ln.Close()
		<-served // Serve closes the connections still open first
		fmt.Println(say(msgStopped))
		return 0
	}
}
