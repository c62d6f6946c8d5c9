@propagation
Feature: Shared, private, slave and unbindable bind mounts
  Source: the kernel's Documentation/filesystems/sharedsubtree.rst, and the util-linux
  defaults of unshare(1). A bind of a shared mount is its peer: a mount made under one appears
  under the other. A slave receives from its master and sends nothing back. A private mount
  propagates nowhere. An unbindable mount is private and cannot be bound at all.

  Background:
    Given a fresh lab
    When I run:
      """
      mkdir /tmp/a /tmp/b
      mount --bind /tmp/a /tmp/a
      """
    Then it succeeds

  Scenario Outline: a mount made under a <kind> mount <reaches> its bind copy
    sharedsubtree.rst: shared mounts propagate to their peers, private ones nowhere.
    When I run:
      """
      mount --make-<kind> /tmp/a
      mount --bind /tmp/a /tmp/b
      mkdir /tmp/a/sub
      mount -t tmpfs sub /tmp/a/sub
      """
    Then it succeeds
    And "/tmp/a" has propagation <kind>
    And "/tmp/b/sub" <is or is not> a mount point

    Examples:
      | kind    | reaches      | is or is not |
      | shared  | reaches      | is           |
      | private | never reaches| is not       |

  Scenario: the bind of a shared mount is its peer, both ways
    sharedsubtree.rst: a bind of a shared mount joins its peer group.
    When I run:
      """
      mount --make-shared /tmp/a
      mount --bind /tmp/a /tmp/b
      mkdir /tmp/b/from-b
      mount -t tmpfs from-b /tmp/b/from-b
      """
    Then it succeeds
    And "/tmp/a" and "/tmp/b" are peers
    And "/tmp/a/from-b" is a mount point

  Scenario: a slave receives from its master and sends nothing back
    sharedsubtree.rst: --make-slave; events flow from master to slave only.
    When I run:
      """
      mount --make-shared /tmp/a
      mount --bind /tmp/a /tmp/b
      mount --make-slave /tmp/b
      mkdir /tmp/a/down /tmp/b/up
      mount -t tmpfs down /tmp/a/down
      mount -t tmpfs up /tmp/b/up
      """
    Then it succeeds
    And "/tmp/b" has propagation slave
    And "/tmp/b" is a slave of "/tmp/a"
    And "/tmp/b/down" is a mount point
    But "/tmp/a/up" is not a mount point

  Scenario: a slave made shared again is shared and slave at once
    sharedsubtree.rst: a slave can also be shared ("shared and slave", shared:N master:M).
    When I run:
      """
      mount --make-shared /tmp/a
      mount --bind /tmp/a /tmp/b
      mount --make-slave /tmp/b
      mount --make-shared /tmp/b
      """
    Then it succeeds
    And "/tmp/b" has propagation shared and slave
    And "/tmp/b" is a slave of "/tmp/a"
    And "/tmp/a" and "/tmp/b" are not peers

  Scenario: an unbindable mount cannot be bind-mounted
    sharedsubtree.rst: an unbindable mount is private and cannot be the source of a bind (EINVAL).
    When I run "mount --make-unbindable /tmp/a"
    Then it succeeds
    And "/tmp/a" has propagation unbindable
    When I run "mount --bind /tmp/a /tmp/b"
    Then it fails with EINVAL
    And the mount syscall fails with EINVAL
    And "/tmp/b" is not a mount point

  Scenario: a recursive bind of a parent skips the unbindable mount under it
    sharedsubtree.rst: --rbind copies a tree but prunes unbindable mounts.
    When I run:
      """
      mkdir /tmp/a/kept /tmp/a/skipped
      mount -t tmpfs kept /tmp/a/kept
      mount -t tmpfs skipped /tmp/a/skipped
      mount --make-unbindable /tmp/a/skipped
      mount --rbind /tmp/a /tmp/b
      """
    Then it succeeds
    And "/tmp/b/kept" is a mount point
    But "/tmp/b/skipped" is not a mount point

  Scenario Outline: unshare -m <how> the peers of the host's shared mounts
    unshare(1): --propagation defaults to private; unchanged keeps peers; slave makes the copies slaves.
    When I run "mount --make-shared /tmp/a"
    Then it succeeds
    Given a window "other" running "<command>"
    Then "/tmp/a" has propagation <kind> in window "other"
    When I run "mkdir /tmp/a/later && mount -t tmpfs later /tmp/a/later"
    Then it succeeds
    And "/tmp/a/later" <is or is not> a mount point in window "other"

    Examples:
      | how   | command                                  | kind    | is or is not |
      | drops | unshare -m bash                          | private | is not       |
      | keeps | unshare -m --propagation unchanged bash  | shared  | is           |
      | makes slaves of | unshare -m --propagation slave bash | slave | is |

  Scenario: with --propagation unchanged the new namespace's copy is a peer of the original
    sharedsubtree.rst: a new mount namespace's copies of shared mounts are peers of the originals.
    When I run "mount --make-shared /tmp/a"
    Then it succeeds
    Given a window "other" running "unshare -m --propagation unchanged bash"
    Then "/tmp/a" in window "other" is a peer of "/tmp/a" in the host
    When I run "mkdir /tmp/a/back && mount -t tmpfs back /tmp/a/back" in window "other"
    Then it succeeds
    And "/tmp/a/back" is a mount point

  Scenario: a mount under a shared parent cannot be moved
    The kernel refuses MS_MOVE of a mount whose parent is shared (util-linux says "moving a mount
    residing under a shared mount is unsupported").
    When I run:
      """
      mount --make-shared /tmp/a
      mkdir /tmp/a/m /tmp/elsewhere
      mount -t tmpfs m /tmp/a/m
      """
    Then it succeeds
    When I run "mount --move /tmp/a/m /tmp/elsewhere"
    Then it fails with EINVAL
    And "/tmp/a/m" is a mount point

  Scenario: a path with a space is escaped as \040 in mountinfo and still found
    proc(5): space, tab, newline and backslash in mountinfo paths are octal-escaped.
    When I run:
      """
      mkdir "/tmp/with space"
      mount -t tmpfs spaced "/tmp/with space"
      grep -F 'with\040space' /proc/self/mountinfo
      """
    Then it succeeds
    And "/tmp/with space" is a mount point
    And "/tmp/with space" has filesystem type "tmpfs"
