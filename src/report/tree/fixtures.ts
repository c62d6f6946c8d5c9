/**
 * Real /proc/self/mountinfo text for the tree-picture tests, recorded on this computer (kernel 6.18,
 * util-linux 2.38.1) inside `unshare -m --propagation private` with a tmpfs mounted on /tmp, the way
 * the sandbox does; the one line naming the sandbox's own tooling mount was left out. The script:
 *
 *   mount -t tmpfs mountlab-sandbox /tmp; mkdir -p /tmp/t/a /tmp/t/b '/tmp/t/x <&y'
 *   mount -t tmpfs a-src /tmp/t/a; mount --make-shared /tmp/t/a; mount --bind /tmp/t/a /tmp/t/b
 *   mount -t tmpfs -o nosuid,nodev odd '/tmp/t/x <&y'
 *   cat /proc/self/mountinfo                                        # SANDBOX_BEFORE
 *   unshare -m --propagation unchanged cat /proc/self/mountinfo     # WINDOW_OTHER
 *   unshare -m --propagation slave cat /proc/self/mountinfo         # WINDOW_SLAVE
 *   mount --make-slave /tmp/t/b; mkdir /tmp/t/a/new; mount -t tmpfs -o ro new /tmp/t/a/new
 *   mount -o remount,bind,ro,noexec '/tmp/t/x <&y'
 *   cat /proc/self/mountinfo                                        # SANDBOX_AFTER
 */

/** The sandbox before the step: /tmp/t/a shared, its bind /tmp/t/b a peer (shared:1), and "/tmp/t/x <&y" mounted nosuid,nodev. */
export const SANDBOX_BEFORE = String.raw`42 41 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
44 42 0:20 / /proc rw,relatime - proc proc rw
45 42 0:21 / /sys rw,relatime - sysfs sysfs rw
46 45 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
47 46 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
48 46 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
49 46 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
50 46 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
51 46 0:32 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
52 46 0:33 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
53 46 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
54 46 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
55 46 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
56 46 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
57 42 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334416k,nr_inodes=3083604,mode=755
58 57 0:22 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683620k
59 58 0:26 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683620k
60 57 0:23 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
61 60 0:25 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
62 42 0:38 / /tmp rw,relatime - tmpfs mountlab-sandbox rw
63 62 0:39 / /tmp/t/a rw,relatime shared:1 - tmpfs a-src rw
64 62 0:39 / /tmp/t/b rw,relatime shared:1 - tmpfs a-src rw
65 62 0:40 / /tmp/t/x\040<&y rw,nosuid,nodev,relatime - tmpfs odd rw
`;

/** A window made from the sandbox above with `unshare -m --propagation unchanged`: its copies stay in peer group 1. */
export const WINDOW_OTHER = String.raw`67 66 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
69 67 0:20 / /proc rw,relatime - proc proc rw
70 67 0:21 / /sys rw,relatime - sysfs sysfs rw
71 70 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
72 71 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
73 71 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
74 71 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
75 71 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
76 71 0:32 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
77 71 0:33 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
78 71 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
79 71 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
80 71 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
81 71 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
82 67 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334416k,nr_inodes=3083604,mode=755
83 82 0:22 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683620k
84 83 0:26 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683620k
85 82 0:23 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
86 85 0:25 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
87 67 0:38 / /tmp rw,relatime - tmpfs mountlab-sandbox rw
88 87 0:39 / /tmp/t/a rw,relatime shared:1 - tmpfs a-src rw
89 87 0:39 / /tmp/t/b rw,relatime shared:1 - tmpfs a-src rw
90 87 0:40 / /tmp/t/x\040<&y rw,nosuid,nodev,relatime - tmpfs odd rw
`;

/** A window made with `unshare -m --propagation slave`: its copies are slaves of peer group 1 (master:1). */
export const WINDOW_SLAVE = String.raw`67 66 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
69 67 0:20 / /proc rw,relatime - proc proc rw
70 67 0:21 / /sys rw,relatime - sysfs sysfs rw
71 70 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
72 71 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
73 71 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
74 71 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
75 71 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
76 71 0:32 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
77 71 0:33 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
78 71 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
79 71 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
80 71 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
81 71 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
82 67 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334416k,nr_inodes=3083604,mode=755
83 82 0:22 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683620k
84 83 0:26 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683620k
85 82 0:23 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
86 85 0:25 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
87 67 0:38 / /tmp rw,relatime - tmpfs mountlab-sandbox rw
88 87 0:39 / /tmp/t/a rw,relatime master:1 - tmpfs a-src rw
89 87 0:39 / /tmp/t/b rw,relatime master:1 - tmpfs a-src rw
90 87 0:40 / /tmp/t/x\040<&y rw,nosuid,nodev,relatime - tmpfs odd rw
`;

/** The sandbox after `mount --make-slave /tmp/t/b; mount -t tmpfs -o ro new /tmp/t/a/new; mount -o remount,bind,ro,noexec "/tmp/t/x <&y"`. */
export const SANDBOX_AFTER = String.raw`42 41 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
44 42 0:20 / /proc rw,relatime - proc proc rw
45 42 0:21 / /sys rw,relatime - sysfs sysfs rw
46 45 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
47 46 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
48 46 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
49 46 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
50 46 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
51 46 0:32 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
52 46 0:33 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
53 46 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
54 46 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
55 46 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
56 46 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
57 42 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334416k,nr_inodes=3083604,mode=755
58 57 0:22 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683620k
59 58 0:26 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683620k
60 57 0:23 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
61 60 0:25 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
62 42 0:38 / /tmp rw,relatime - tmpfs mountlab-sandbox rw
63 62 0:39 / /tmp/t/a rw,relatime shared:1 - tmpfs a-src rw
64 62 0:39 / /tmp/t/b rw,relatime master:1 - tmpfs a-src rw
65 62 0:40 / /tmp/t/x\040<&y ro,nosuid,nodev,noexec,relatime - tmpfs odd rw
66 63 0:41 / /tmp/t/a/new ro,relatime shared:2 - tmpfs new ro
67 64 0:41 / /tmp/t/b/new ro,relatime master:2 - tmpfs new ro
`;
