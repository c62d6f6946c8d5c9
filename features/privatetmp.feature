@privatetmp
Feature: A mount kept alive by a copy in another mount namespace
  Source: seed 000, "Docker vs. PrivateTmp" (written in 2015 on a 3.x kernel).
  A service started with PrivateTmp= gets a new mount namespace holding a copy of every mount
  that existed then. When the copy sits under a private parent, unmounting in the root namespace
  does not reach it, and the container runtime could not remove its directory (EBUSY). The
  by-hand reproduction below uses unshare in a second window instead of systemd and Docker.
  Linux 3.18 changed the rmdir outcome ("vfs: Lazily remove mounts on unlinked files and
  directories"): rmdir now succeeds and detaches the copies held in other namespaces.

  Rule: by hand, with unshare in another window (the document's own reproduction)

  Background: a private bind under a private parent, as the document sets it up
    Given a fresh lab
    When I run:
      """
      mkdir /tmp/parent /tmp/parent-backing
      mount --bind --make-private /tmp/parent-backing /tmp/parent
      mkdir /tmp/testmount /tmp/parent/mnt
      mount --bind --make-private /tmp/testmount /tmp/parent/mnt
      """
    Then it succeeds
    And "/tmp/parent/mnt" has propagation private
    And "/tmp/parent" has propagation private

  Scenario Outline: the other namespace keeps its copy after the host unmounts only under a <parent> parent
    Seed 000: "See that the mount still exists in your unshare namespace". unshare -m --propagation
    unchanged keeps the host's propagation, as unshare did in 2015 (util-linux 2.27 made private
    the default). An umount propagates through the parent's peer group (sharedsubtree.rst): under a
    shared parent the copy goes with it, under a private one it stays. The private parent is the cause.
    When I run "mount --make-<parent> /tmp/parent"
    Then it succeeds
    Given a window "other" running "unshare -m --propagation unchanged env PS1='unshare# ' bash"
    Then "/tmp/parent" has propagation <parent> in window "other"
    And "/tmp/parent/mnt" is a mount point in window "other"
    When I run "umount /tmp/parent/mnt"
    Then it succeeds
    And "/tmp/parent/mnt" is not a mount point
    But "/tmp/parent/mnt" <is or is not> a mount point in window "other"

    Examples:
      | parent  | is or is not |
      | private | is           |
      | shared  | is not       |

  Scenario: rmdir of a mount point: EBUSY while mounted in this namespace, and since 3.18 not for another's copy
    Seed 000's EBUSY, shown the way today's kernels still give it: vfs_rmdir refuses a directory
    that is a mount point in the caller's own namespace. Since Linux 3.18 ("vfs: Lazily remove
    mounts on unlinked files and directories") a copy held only by another namespace no longer
    blocks it; before 3.18 it did, which is what the document met.
    Given a window "other" running "unshare -m env PS1='unshare# ' bash"
    When I run "rmdir /tmp/parent/mnt"
    Then it fails with EBUSY
    And the rmdir syscall fails with EBUSY
    When I run "umount /tmp/parent/mnt"
    Then it succeeds
    When I run "rmdir /tmp/parent/mnt"
    Then it fails with EBUSY on kernels before 3.18 and succeeds from 3.18

  @kernel>=3.18
  Scenario: since 3.18, removing the directory detaches the copy in the other namespace
    Linux 3.18, "vfs: Lazily remove mounts on unlinked files and directories".
    Given a window "other" running "unshare -m env PS1='unshare# ' bash"
    When I run "umount /tmp/parent/mnt"
    And I run "rmdir /tmp/parent/mnt"
    Then the rmdir syscall succeeds
    And "/tmp/parent/mnt" is not a mount point in window "other"
    When I run "grep /tmp/parent/mnt /proc/self/mounts" in window "other"
    Then it fails
    And the output does not contain "/tmp/parent/mnt"

  Scenario: the fix, MountFlags=slave: the daemon's own mounts stay in its namespace
    The document equates MountFlags=slave with "unshare -m" then "mount --make-rslave /". Today's
    unshare (util-linux 2.27 and later) makes every mount private unless told otherwise, so the
    daemon's window keeps the host's propagation and then makes its tree a slave of the host.
    Given a window "daemon" running "unshare -m --propagation unchanged bash"
    When I run "mount --make-rslave /" in window "daemon"
    Then it succeeds
    And "/" in window "daemon" is a slave of "/" in the host
    When I run "mkdir /tmp/container && mount -t tmpfs container /tmp/container" in window "daemon"
    Then it succeeds
    And "/tmp/container" is a mount point in window "daemon"
    But "/tmp/container" is not a mount point
    When I run "mkdir -p /srv/content && mount -t tmpfs fileserver /srv/content && touch /srv/content/from-host"
    Then it succeeds
    And "/srv/content" is a mount point in window "daemon"
    When I run "test -e /srv/content/from-host" in window "daemon"
    Then it succeeds

  Scenario: the pitfall, MountFlags=private: later mounts of the host never reach the daemon
    Seed 000: the Fedora docker-io package's MountFlags=private attempt. The contrast of the scenario
    above: the same file, written into the host's mount after the daemon started, is absent here.
    Given a window "daemon" running "unshare -m --propagation private bash"
    When I run "mkdir -p /srv/content && mount -t tmpfs fileserver /srv/content && touch /srv/content/from-host"
    Then it succeeds
    And "/srv/content" is a mount point
    But "/srv/content" is not a mount point in window "daemon"
    When I run "test -e /srv/content/from-host" in window "daemon"
    Then it fails

  Scenario: with today's unshare, "unshare -m" then "mount --make-rslave /" gives private, not slave
    A slave needs a master: the mounts are already private when --make-rslave runs.
    Given a window "daemon" running "unshare -m bash"
    When I run "mount --make-rslave /" in window "daemon"
    Then it succeeds
    And "/" has propagation private in window "daemon"
    And "/" has propagation shared

  Rule: with systemd itself, in the lab VM's root namespace (the VM is reset after each scenario)
  A service with PrivateTmp= gets its namespace when it starts; /srv stands for /var/lib/docker.

  @requires-vm @requires-systemd @root-namespace
  Scenario Outline: a PrivateTmp= service keeps its copy of a mount under a <parent> parent
    Under a private parent the root namespace's umount never reaches the service's copy: the
    document's bug. Under a shared parent the service's copy is a slave and the umount reaches it.
    Restarting the service gives it a new namespace without the copy.
    When I run:
      """
      mkdir -p /srv/parent /srv/parent-backing /srv/testmount
      mount --bind --make-<parent> /srv/parent-backing /srv/parent
      mkdir -p /srv/parent/mnt
      mount --bind /srv/testmount /srv/parent/mnt
      printf '[Service]\nPrivateTmp=yes\nExecStart=/bin/sleep infinity\n' > /etc/systemd/system/privtmp.service
      systemctl daemon-reload
      systemctl start privtmp
      """
    Then it succeeds
    And "/srv/parent/mnt" is a mount point in unit "privtmp"
    And "/tmp" has propagation shared and slave in unit "privtmp"
    When I run "umount /srv/parent/mnt"
    Then it succeeds
    And "/srv/parent/mnt" is not a mount point
    But "/srv/parent/mnt" <is or is not> a mount point in unit "privtmp"
    When I run "systemctl restart privtmp"
    Then it succeeds
    And "/srv/parent/mnt" is not a mount point in unit "privtmp"

    Examples:
      | parent  | is or is not |
      | private | is           |
      | shared  | is not       |

  @requires-vm @requires-systemd @root-namespace
  Scenario Outline: MountFlags=<flags>: a mount made on the host after the daemon started <reaches> it
    MountFlags=slave is the fix: the daemon still sees what the host mounts later, and its own
    mounts never reach the host. MountFlags=private is the pitfall: later host mounts never arrive.
    When I run "systemd-run --unit=daemon -p MountFlags=<flags> sleep infinity"
    Then it succeeds
    When I run "nsenter -t $(systemctl show -p MainPID --value daemon) -m sh -c 'mkdir -p /srv/container && mount -t tmpfs container /srv/container'"
    Then it succeeds
    And "/srv/container" is a mount point in unit "daemon"
    But "/srv/container" is not a mount point
    When I run "mkdir -p /srv/content && mount -t tmpfs fileserver /srv/content"
    Then it succeeds
    And "/srv/content" <is or is not> a mount point in unit "daemon"

    Examples:
      | flags   | reaches      | is or is not |
      | slave   | reaches      | is           |
      | private | never reaches| is not       |
