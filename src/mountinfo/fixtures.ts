/**
 * Real /proc/self/mountinfo text, recorded on kernel 6.18 (util-linux 2.38.1) for the unit tests.
 * Namespace fixtures were made inside `unshare --mount --propagation private`; the one line naming
 * the sandbox's own tooling mount was left out. String.raw keeps the kernel's octal escapes as text.
 */

/**
 * The host table as `cat /proc/self/mountinfo` printed it: no propagation tags, /dev/pts and
 * /dev/shm each mounted twice, the root mount listed after its children.
 */
export const HOST_MOUNTINFO = String.raw`22 27 0:21 / /proc rw,relatime - proc proc rw
23 27 0:22 / /sys rw,relatime - sysfs sysfs rw
24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334460k,nr_inodes=3083615,mode=755
25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24684084k
26 24 0:24 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
29 26 0:26 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
30 25 0:27 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24684084k
31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`;

/**
 * A private namespace with a tmpfs on /tmp/mlcap holding: paths with a space, tab, newline and
 * backslash; a bind of a subdirectory with a space ("in side"); shared, peer, slave,
 * shared-and-slave and unbindable mounts, with a submount propagated to each; "stack" mounted twice with
 * "inner" on the lower one; "shadow/deep" hidden by a later mount on "shadow"; "ub-then-slave"
 * (made unbindable, then slave) and "slave-then-ub" (slave, then unbindable).
 */
export const NAMESPACE_MOUNTINFO = String.raw`43 42 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
45 43 0:21 / /proc rw,relatime - proc proc rw
46 43 0:22 / /sys rw,relatime - sysfs sysfs rw
47 46 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
48 47 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
49 47 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
50 47 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
51 47 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
52 47 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
53 47 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
54 47 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
55 47 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
56 47 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
57 47 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
58 43 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334460k,nr_inodes=3083615,mode=755
59 58 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24684084k
60 59 0:27 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24684084k
61 58 0:24 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
62 61 0:26 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
63 43 0:39 / /tmp/mlcap rw,relatime - tmpfs mlcap-base rw
64 63 0:40 / /tmp/mlcap/x\040y rw,relatime - tmpfs my\040src rw
65 63 0:40 /in\040side /tmp/mlcap/sub\040dir\040bind rw,relatime - tmpfs my\040src rw
66 63 0:41 / /tmp/mlcap/tab\011dir rw,relatime - tmpfs tabfs rw
67 63 0:42 / /tmp/mlcap/a\012b rw,relatime - tmpfs none rw,size=1024k,mode=700
68 63 0:43 / /tmp/mlcap/back\134slash rw,relatime - tmpfs back rw
69 63 0:44 / /tmp/mlcap/shared rw,relatime shared:1 - tmpfs sh rw
70 63 0:44 / /tmp/mlcap/peer rw,relatime shared:1 - tmpfs sh rw
71 63 0:44 / /tmp/mlcap/slave rw,relatime master:1 - tmpfs sh rw
72 63 0:44 / /tmp/mlcap/sharedslave rw,relatime shared:2 master:1 - tmpfs sh rw
73 63 0:45 / /tmp/mlcap/unbind rw,relatime unbindable - tmpfs ub rw
74 69 0:46 / /tmp/mlcap/shared/sub ro,nosuid,relatime shared:3 - tmpfs sub ro
75 70 0:46 / /tmp/mlcap/peer/sub ro,nosuid,relatime shared:3 - tmpfs sub ro
76 72 0:46 / /tmp/mlcap/sharedslave/sub ro,nosuid,relatime shared:4 master:3 - tmpfs sub ro
77 71 0:46 / /tmp/mlcap/slave/sub ro,nosuid,relatime master:3 - tmpfs sub ro
78 63 0:47 / /tmp/mlcap/stack rw,relatime - tmpfs first rw
79 78 0:48 / /tmp/mlcap/stack/inner rw,relatime - tmpfs inner rw
80 78 0:49 / /tmp/mlcap/stack rw,relatime - tmpfs second rw
81 63 0:50 / /tmp/mlcap/shadow/deep rw,relatime - tmpfs deep rw
82 63 0:51 / /tmp/mlcap/shadow rw,relatime - tmpfs over rw
83 63 0:44 / /tmp/mlcap/ub-then-slave rw,relatime unbindable - tmpfs sh rw
84 63 0:44 / /tmp/mlcap/slave-then-ub rw,relatime unbindable - tmpfs sh rw
`;

/**
 * From a namespace nested in the one above with `unshare --mount --propagation unchanged`: the
 * copies keep the outer peer groups.
 */
export const NESTED_UNCHANGED_LINES = String.raw`112 106 0:44 / /tmp/mlcap/shared rw,relatime shared:1 - tmpfs sh rw
113 112 0:46 / /tmp/mlcap/shared/sub ro,nosuid,relatime shared:3 - tmpfs sub ro
114 106 0:44 / /tmp/mlcap/peer rw,relatime shared:1 - tmpfs sh rw
115 114 0:46 / /tmp/mlcap/peer/sub ro,nosuid,relatime shared:3 - tmpfs sub ro
116 106 0:44 / /tmp/mlcap/slave rw,relatime master:1 - tmpfs sh rw
117 116 0:46 / /tmp/mlcap/slave/sub ro,nosuid,relatime master:3 - tmpfs sub ro
118 106 0:44 / /tmp/mlcap/sharedslave rw,relatime shared:2 master:1 - tmpfs sh rw
119 118 0:46 / /tmp/mlcap/sharedslave/sub ro,nosuid,relatime shared:4 master:3 - tmpfs sub ro
`;

/**
 * From a namespace nested with `unshare --mount --propagation slave`: shared copies become slaves
 * of the outer peer groups; "sharedslave" (shared:2 master:1 outside) becomes master:2 only.
 */
export const NESTED_SLAVE_LINES = String.raw`112 106 0:44 / /tmp/mlcap/shared rw,relatime master:1 - tmpfs sh rw
113 112 0:46 / /tmp/mlcap/shared/sub ro,nosuid,relatime master:3 - tmpfs sub ro
114 106 0:44 / /tmp/mlcap/peer rw,relatime master:1 - tmpfs sh rw
115 114 0:46 / /tmp/mlcap/peer/sub ro,nosuid,relatime master:3 - tmpfs sub ro
116 106 0:44 / /tmp/mlcap/slave rw,relatime master:1 - tmpfs sh rw
117 116 0:46 / /tmp/mlcap/slave/sub ro,nosuid,relatime master:3 - tmpfs sub ro
118 106 0:44 / /tmp/mlcap/sharedslave rw,relatime master:2 - tmpfs sh rw
119 118 0:46 / /tmp/mlcap/sharedslave/sub ro,nosuid,relatime master:4 - tmpfs sub ro
`;

/**
 * Read from outside as /proc/PID/mountinfo of a process chrooted into a directory of mount 63:
 * mount 63 and the intermediate master /tmp/mlpf/p (shared:2 master:1, outside the chroot) are not
 * listed, so /q shows propagate_from:1.
 */
export const CHROOT_MOUNTINFO = String.raw`64 63 254:0 /usr /usr rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
65 63 0:40 / /s rw,relatime shared:1 - tmpfs src rw
67 63 0:40 / /q rw,relatime master:2 propagate_from:1 - tmpfs src rw
`;

/**
 * Mounts with an empty source (printed as an empty field), an overlay whose lowerdir has a space
 * (escaped in the super options), and a comma in the mount point and source.
 */
export const ODD_FIELDS_MOUNTINFO = String.raw`63 43 0:39 / /tmp/mlx rw,relatime - tmpfs mlx rw
64 63 0:40 / /tmp/mlx/empty rw,relatime - tmpfs  rw
67 63 0:41 / /tmp/mlx/ov rw,relatime - overlay overlay rw,lowerdir=/tmp/mlx/lo\040wer,upperdir=/tmp/mlx/up,workdir=/tmp/mlx/work,uuid=on
68 63 0:43 / /tmp/mlx/c,omma rw,relatime - tmpfs s,rc rw,size=1024k
`;
