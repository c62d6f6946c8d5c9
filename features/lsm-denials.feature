@lsm @requires-vm @root-namespace
Feature: Why mount is denied in a container, one layer at a time
  Source: seed 004 ("why mount fails in a container"). The document climbs Docker's ladder:
  `docker run ubuntu mount -t tmpfs none /mnt` gets EPERM from seccomp (Docker's profile allows
  mount only with CAP_SYS_ADMIN), --cap-add SYS_ADMIN then gets EACCES from AppArmor's
  docker-default profile, --security-opt apparmor=unconfined makes it work, and a loop mount still
  fails for want of /dev/loop*. The ladder runs twice: layer by layer in runc's config.json (runc
  is Docker's runtime), and with the document's own docker run commands where Docker runs. The
  errno of each layer is taken from the mount syscall itself with strace -f, not from the message
  (util-linux and busybox print "permission denied" for both EPERM and EACCES). Runs in the lab
  VM's root namespace (reset after each scenario).

  Rule: layer by layer in runc's config

    Background: a busybox bundle whose process is `mount -t tmpfs none /mnt`
      Given a fresh lab
      When I run:
        """
        mkdir -p /srv/bundle/rootfs/bin /srv/bundle/rootfs/mnt
        cp /bin/busybox /srv/bundle/rootfs/bin/
        chroot /srv/bundle/rootfs /bin/busybox --install -s /bin
        cd /srv/bundle && runc spec
        jq '.process.terminal = false | .root.readonly = false | .process.args = ["mount", "-t", "tmpfs", "none", "/mnt"]' config.json > base.json
        jq '.process.capabilities |= with_entries(.value += ["CAP_SYS_ADMIN"])' base.json > sys_admin.json
        """
      Then it succeeds

    Scenario: without CAP_SYS_ADMIN the kernel itself refuses the mount (EPERM)
      Not seed 004's EPERM (the seed blames seccomp): the kernel's own check, may_mount() wanting
      CAP_SYS_ADMIN, answers EPERM too, so the errno alone does not name the layer.
      When I run "cd /srv/bundle && cp base.json config.json && runc run c"
      Then it fails
      And the mount syscall fails with EPERM

    Scenario Outline: a seccomp filter that blocks mount answers with its own errnoRet (<errno>), even with CAP_SYS_ADMIN
      Docker's default profile returns EPERM for mount unless the container has CAP_SYS_ADMIN; here
      the filter blocks it outright, as SystemCallFilter=~@mount with SystemCallErrorNumber=EPERM does.
      The errno is the filter's choice, not the kernel's: the same profile with errnoRet 38 gives
      ENOSYS (SCMP_ACT_ERRNO returns the action's data as the errno, seccomp(2)), and without the
      filter the same config mounts ("with both lifted the mount works" below).
      When I run:
        """
        cd /srv/bundle
        jq '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_ERRNO", "errnoRet": <errnoRet>}]}' sys_admin.json > config.json
        runc run c
        """
      Then it fails
      And the mount syscall fails with <errno>

      Examples:
        | errnoRet | errno  |
        | 1        | EPERM  |
        | 38       | ENOSYS |

    @requires-apparmor
    Scenario: with seccomp lifted and CAP_SYS_ADMIN kept, an AppArmor profile that denies mount gives EACCES
      The profile audits its denial, so the kernel log shows it (a plain "deny" rule is silent). It
      allows signals: runc's Go runtime sends itself SIGURG, and each denied signal would be logged
      too, and the kernel rate-limits these lines (10 per 5 s without auditd), hiding the mount's.
      When I run:
        """
        printf 'abi <abi/3.0>,\nprofile mountlab-deny-mount flags=(attach_disconnected,mediate_deleted) {\n  file,\n  capability,\n  signal,\n  unix,\n  network,\n  audit deny mount,\n}\n' > /etc/apparmor.d/mountlab-deny-mount
        apparmor_parser -r /etc/apparmor.d/mountlab-deny-mount
        cd /srv/bundle
        jq '.process.apparmorProfile = "mountlab-deny-mount"' sys_admin.json > config.json
        """
      Then it succeeds
      When I run "cd /srv/bundle && runc run c"
      Then it fails
      And the mount syscall fails with EACCES
      And the kernel log has a line matching "apparmor=\"DENIED\" operation=\"mount\" .*profile=\"mountlab-deny-mount\""

    Scenario: with both lifted the mount works
      Seed 004: --cap-add SYS_ADMIN with apparmor=unconfined, and no seccomp filter for mount.
      When I run "cd /srv/bundle && cp sys_admin.json config.json && runc run c"
      Then it succeeds
      And the mount syscall succeeds

    Scenario: a loop mount still fails: the container has no /dev/loop-control
      Seed 004: losetup needs /dev/loop-control and /dev/loopN, which a container's /dev lacks.
      When I run:
        """
        cd /srv/bundle
        truncate -s 8M rootfs/disk.img
        mkfs.ext4 -q rootfs/disk.img
        jq '.process.args = ["mount", "-o", "loop", "/disk.img", "/mnt"]' sys_admin.json > config.json
        """
      Then it succeeds
      When I run "cd /srv/bundle && runc run c" tracing openat too
      Then it fails
      And the openat syscall on "/dev/loop-control" fails with ENOENT

  @requires-docker
  Rule: the document's own docker run commands
    `ubuntu` is the lab image's offline base image: Debian 12 minbase, imported at first boot under
    the name the document uses, since no registry is reachable. The container's processes are
    started by containerd (its shim, then runc), not by the docker command, so their mount calls
    are seen by tracing containerd.service while the command runs.

    Scenario: docker run with the defaults: seccomp answers EPERM
      Seed 004: Docker's default seccomp profile allows mount(2) only to a container that has
      CAP_SYS_ADMIN, and by default it has not.
      When I run "docker run ubuntu mount -t tmpfs none /mnt" with containerd traced
      Then it fails
      And the output contains "/mnt: permission denied"
      And the mount syscall on "/mnt" fails with EPERM

    Scenario: with --cap-add SYS_ADMIN, AppArmor's docker-default profile answers EACCES
      Seed 004: past seccomp, docker-default denies mount. util-linux then retries read-only, which
      is refused the same way, hence its message. docker-default's rule is a plain `deny mount`,
      so unlike the audited profile above the kernel logs nothing.
      When I run "docker run --cap-add SYS_ADMIN ubuntu mount -t tmpfs none /mnt" with containerd traced
      Then it fails
      And the output contains "cannot mount none read-only"
      And the mount syscall on "/mnt" fails with EACCES

    Scenario: with AppArmor unconfined as well, the mount works
      Seed 004: --cap-add SYS_ADMIN with --security-opt apparmor=unconfined.
      When I run "docker run  --cap-add SYS_ADMIN --security-opt apparmor=unconfined ubuntu  mount  --verbose -t tmpfs none /mnt" with containerd traced
      Then it succeeds
      And the output contains "none mounted on /mnt"
      And the mount syscall on "/mnt" succeeds

    Scenario: a loop mount still fails: the container has no /dev/loop*
      Seed 004: mount -o loop looks for /dev/loop-control, then /dev/loop0..7, and finds none;
      only --privileged gives a container the host's devices. `-ti` wants a terminal: a window.
      Given a window "docker" running "bash"
      When I run 'docker run -ti --security-opt apparmor:unconfined --cap-add SYS_ADMIN ubuntu bash -c "dd if=/dev/zero of=/tmp/loop.img bs=1024k count=100 && mkfs.ext3 -F /tmp/loop.img && mount /tmp/loop.img /mnt/ -o loop"' in window "docker" with containerd traced, tracing newfstatat too
      Then it fails
      And the output contains "mount failed: Operation not permitted"
      And the newfstatat syscall on "/dev/loop-control" fails with ENOENT
