@userns
Feature: What root in a user namespace may mount
  Source: seed 004 (why mount fails in a container: user namespaces and the file systems they may
  mount) and user_namespaces(7). In a user namespace made with --map-root-user you are uid 0 with
  every capability, but only over what that namespace owns: a file system marked mountable in user
  namespaces mounts, a block device does not, and the mounts inherited from the parent are locked.

  Background:
    Given a fresh lab

  @requires-userns
  Scenario: unshare --user --map-root-user makes an unprivileged user root with every capability inside
    Seed 004: capsh --print shows Current: =ep inside the user namespace. uid 1000 enters a user
    namespace of its own (user_namespaces(7)): uid 0 inside is uid 1000 outside, one id mapped.
    Given a window "userns" running "setpriv --reuid=1000 --regid=1000 --clear-groups unshare --user --map-root-user bash"
    When I run "echo uid=$(id -u) map=$(awk '{print $1 \":\" $2 \":\" $3}' /proc/self/uid_map)" in window "userns"
    Then it succeeds
    And the output contains "uid=0 map=0:1000:1"
    When I run "test \"$(readlink /proc/PID/ns/user)\" != \"$(readlink /proc/self/ns/user)\"" with PID of window "userns"
    Then it succeeds
    When I run "capsh --print" in window "userns"
    Then it succeeds
    And the output contains "Current: =ep"

  @requires-userns
  Scenario: the same uid without a user namespace has no capability and may not mount
    The contrast of the scenario above: uid 1000 in the machine's own user namespace.
    Given a window "plain" running "setpriv --reuid=1000 --regid=1000 --clear-groups bash"
    When I run "echo uid=$(id -u)" in window "plain"
    Then it succeeds
    And the output contains "uid=1000"
    When I run "capsh --print" in window "plain"
    Then it succeeds
    And the output does not contain "Current: =ep"
    When I run "mount -t tmpfs none /mnt" in window "plain"
    Then it fails with EPERM
    And the mount syscall fails with EPERM

  @requires-userns
  Scenario Outline: root in a user namespace may mount <fs> (user_namespaces(7): since <since>)
    user_namespaces(7) lists the file systems marked FS_USERNS_MOUNT and the version of each. uid
    1000 makes the namespace, so the mount cannot succeed by the machine's root privileges.
    Given a window "userns" running "setpriv --reuid=1000 --regid=1000 --clear-groups <unshare>"
    When I run "mkdir -p /tmp/fs && mount -t <fs> <source> /tmp/fs" in window "userns"
    Then it succeeds
    And "/tmp/fs" has filesystem type "<fs>" in window "userns"
    But "/tmp/fs" is not a mount point

    Examples: the namespace owns what the file system shows
      | fs     | source | since | unshare                                                  |
      | tmpfs  | none   | 3.9   | unshare --user --map-root-user --mount bash              |
      | ramfs  | none   | 3.9   | unshare --user --map-root-user --mount bash              |
      | devpts | devpts | 3.9   | unshare --user --map-root-user --mount bash              |
      | mqueue | mqueue | 3.9   | unshare --user --map-root-user --mount --ipc bash        |
      | proc   | proc   | 3.8   | unshare --user --map-root-user --mount --pid --fork bash |
      | sysfs  | sysfs  | 3.8   | unshare --user --map-root-user --mount --net bash        |

  @requires-userns
  Scenario: overlayfs mounts in a user namespace only from Linux 5.11
    user_namespaces(7): overlayfs since Linux 5.11 (checked on 5.10 by the kernel matrix).
    Given a window "userns" running "unshare --user --map-root-user --mount bash"
    When I run "mkdir -p /tmp/o/lower /tmp/o/upper /tmp/o/work /tmp/o/merged" in window "userns"
    Then it succeeds
    When I run "mount -t overlay overlay -o lowerdir=/tmp/o/lower,upperdir=/tmp/o/upper,workdir=/tmp/o/work /tmp/o/merged" in window "userns"
    Then it fails with EPERM on kernels before 5.11 and succeeds from 5.11

  @requires-userns
  Scenario: bpf is on the man page's list but today's kernels refuse it in a user namespace
    user_namespaces(7) lists bpf (4.4) among the file systems a user namespace may mount. The
    kernels measured here refuse it (the mount syscall itself, with EPERM).
    Given a window "userns" running "unshare --user --map-root-user --mount bash"
    When I run "mkdir -p /tmp/bpf && mount -t bpf bpf /tmp/bpf" in window "userns"
    Then it fails with EPERM
    And the mount syscall fails with EPERM
    And "/tmp/bpf" is not a mount point in window "userns"

  @requires-userns
  Scenario: mounts inherited from the parent namespace are locked
    Unmounting one would reveal what lies under it (EINVAL), and a remount may not clear a flag
    the parent set, such as read-only (EPERM).
    When I run "mkdir /tmp/locked && mount -t tmpfs -o ro locked /tmp/locked"
    Then it succeeds
    Given a window "userns" running "unshare --user --map-root-user --mount bash"
    When I run "umount /tmp/locked" in window "userns"
    Then it fails with EINVAL
    And the umount2 syscall fails with EINVAL
    When I run "mount -o remount,rw /tmp/locked" in window "userns"
    Then it fails with EPERM
    And the mount syscall fails with EPERM
    And "/tmp/locked" is mounted read-only in window "userns"

  @requires-userns
  Scenario: a mount injected from outside with nsenter appears in the namespace
    Seed 004: injecting a mount into a running container's namespace with nsenter.
    Given a window "userns" running "unshare --user --map-root-user --mount bash"
    When I run "nsenter -t PID -m mount -t tmpfs tmpfs /mnt" with PID of window "userns"
    Then it succeeds
    And "/mnt" is mounted from "tmpfs" in window "userns"
    But "/mnt" is mounted from "mountlab-sandbox"

  @requires-vm @requires-userns
  Scenario: a block device does not mount in a user namespace, whatever the capabilities
    The loop device is attached by "mount -o loop" (autoclear), so it goes away with the mount.
    When I run:
      """
      truncate -s 32M /tmp/disk.img
      mkfs.ext4 -q /tmp/disk.img
      mkdir /tmp/outside
      mount -o loop /tmp/disk.img /tmp/outside
      findmnt -no SOURCE /tmp/outside > /tmp/loopdev
      """
    Then it succeeds
    Given a window "userns" running "unshare --user --map-root-user --mount bash"
    When I run "mkdir -p /tmp/inside && mount $(cat /tmp/loopdev) /tmp/inside" in window "userns"
    Then it fails with EPERM
    And the mount syscall fails with EPERM
    When I run "umount /tmp/outside"
    Then it succeeds

  @requires-vm @requires-userns
  Scenario: nsenter --user cannot mount a block device into the namespace; without --user it can
    Mounting is checked against the target's user namespace when nsenter joins it. Without
    --user, the host's root mounts the device, but root inside the namespace (uid 1000 outside,
    as a container's root is) is a stranger to the file system's root-owned directory.
    When I run:
      """
      truncate -s 32M /tmp/disk.img
      mkfs.ext4 -q /tmp/disk.img
      mkdir /tmp/outside
      mount -o loop /tmp/disk.img /tmp/outside
      chmod 700 /tmp/outside
      findmnt -no SOURCE /tmp/outside > /tmp/loopdev
      """
    Then it succeeds
    Given a window "userns" running "setpriv --reuid=1000 --regid=1000 --clear-groups unshare --user --map-root-user --mount bash"
    When I run "nsenter -t PID -m --user sh -c 'mkdir -p /tmp/inside && mount $(cat /tmp/loopdev) /tmp/inside'" with PID of window "userns"
    Then it fails with EPERM
    And the mount syscall fails with EPERM
    When I run "nsenter -t PID -m sh -c 'mkdir -p /tmp/inside && mount $(cat /tmp/loopdev) /tmp/inside'" with PID of window "userns"
    Then it succeeds
    And "/tmp/inside" is a mount point in window "userns"
    When I run "ls /tmp/inside" in window "userns"
    Then it fails
    And the output contains "Permission denied"
    When I run "umount /tmp/outside"
    Then it succeeds
