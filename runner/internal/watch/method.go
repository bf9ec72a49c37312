package watch

// Cause says why a Watcher polls. The UI turns it into a sentence in the
// learner's language.
type Cause int

// The reasons for polling.
const (
	// CauseNone: no polling; file-system events only.
	CauseNone Cause = iota
	// CauseRequested: polling was asked for (Options.Poll, `--poll`).
	CauseRequested
	// CauseNotifyUnavailable: fsnotify could not be started at all, e.g.
	// the per-user limit of inotify instances
	// (fs.inotify.max_user_instances) was reached.
	CauseNotifyUnavailable
	// CauseWatchLimit: a directory could not be watched because the limit
	// of watches (fs.inotify.max_user_watches) was reached.
	CauseWatchLimit
	// CauseWatchFailed: a directory could not be watched for another
	// reason, typically a file system that does not support it.
	CauseWatchFailed
	// CauseRemoteFS: a directory is on a network or virtual file system
	// (NFS, SMB, 9p as in WSL's /mnt, FUSE, …) where changes made from
	// elsewhere send no events; events are still used for the changes
	// that do send some, and polling is added. Method.FSType names it.
	CauseRemoteFS
	// CauseDirRemoved: a watched directory was removed or renamed, which
	// ends its watch; it is polled from then on.
	CauseDirRemoved
	// CauseNotifyFailed: fsnotify stopped delivering events while running.
	CauseNotifyFailed
)

// Method says how a Watcher notices changes, and why it polls when it does.
type Method struct {
	// Poll: the directories are polled (every Options.PollInterval).
	Poll bool
	// Cause says why Poll is set (CauseNone when it is not).
	Cause Cause
	// FSType names the file system for CauseRemoteFS, e.g. "nfs" or "9p".
	FSType string
}
