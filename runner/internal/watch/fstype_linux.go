package watch

import "syscall"

// Magic numbers of file systems where a change made from elsewhere (the
// server, the Windows side of WSL, the host of a container) sends no
// inotify event here (statfs(2), linux/magic.h).
var remoteFSTypes = map[uint32]string{
	0x6969:     "nfs",
	0x517b:     "smb",
	0xff534d42: "cifs",
	0xfe534d42: "smb2",
	0x01021997: "9p", // WSL 2's /mnt/c, some containers
	0x65735546: "fuse",
	0x786f4256: "vboxsf",
	0x73757245: "coda",
	0x5346414f: "afs",
	0x00c36400: "ceph",
}

// remoteFS reports whether dir is on a file system listed in remoteFSTypes,
// and its name.
func remoteFS(dir string) (string, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return "", false
	}
	name, ok := remoteFSTypes[uint32(st.Type)] // int32 or int64 by platform
	return name, ok
}
