// Package watch is the engine of the watch mode: it notices when the
// learner saves an exercise and decides which test runs to start, cancel
// and report.
//
// A [Watcher] watches a set of exercise directories (the directories, never
// the files: editors replace files) with fsnotify, or by polling when the
// file system sends no events. Whatever way an editor saves — in place,
// truncate and write, a temporary file renamed over the target (from the
// same directory or from elsewhere), vim's backup-rename-write-delete,
// JetBrains' safe write — it emits one [Change] per save per directory,
// after a trailing-edge debounce, and only when the content of the
// directory's Go files really changed (see [gofiles.Read]). A directory is
// named by its index in the list the Watcher was given — the exercise —
// from the Change on: the folder is turned into an exercise once, where the
// file system speaks. An editor's temporary, backup, swap or lock file is
// no Go file go build reads, so writing one changes no digest and emits
// nothing. When fsnotify
// cannot be set up the Watcher falls back to polling by itself and says why
// in its [Method].
//
// A [Scheduler] turns changes into runs of a caller-supplied function (the
// runner's `go test`), keyed by exercise: one burst of saves starts one
// run, for the content the Watcher read (no second read); a save during a
// run of the same exercise cancels that run and starts a new one for the
// files as they are now; content that already has its verdict, as the
// caller's owner of verdicts says, is not run again; every run has a
// sequence number, so a verdict can always be matched to the run (and the
// content) it belongs to. It also runs an exercise on request (the `r`
// key). The run function is handed a report function of its own to
// publish how it goes and an interim result (the quick verdict before the
// race-checked one); its start, reports and end come out as one stream of
// events.
//
// What it must not do: know what a run is for. It knows exercise indexes,
// content digests and sequence numbers only; the result type is the
// caller's. It imports no course, test runner or view, and keeps no
// result.
//
// Typical use:
//
//	w, err := watch.New(dirs, watch.Options{Poll: pollFlag})
//	if err != nil { ... }
//	showStatus(w.Method()) // says when it fell back to polling, and why
//	s := watch.NewScheduler(runTests, watch.SchedulerOptions{Digests: w.Digests(), HasVerdict: owner.HasVerdict})
//	go w.Run(ctx)
//	go s.Run(ctx, w.Changes())
//	owner.Serve(s.Events(), tellTheView) // records each event, then shows it
package watch
