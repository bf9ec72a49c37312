//go:build !linux

package watch

// remoteFS reports whether dir is on a file system where changes made from
// elsewhere send no events. It knows only Linux file systems.
func remoteFS(dir string) (string, bool) { return "", false }
