@container @requires-vm @root-namespace
Feature: What a container runtime mounts
  Sources: seed 001 (why a container has so many /proc and tmpfs mounts: masked and read-only
  paths) and seed 003 (runc: the container's mount namespace, pivot_root against chroot, a bind
  of a host directory). runc is Docker's runtime; `runc spec` writes the same maskedPaths and
  readonlyPaths as Docker's defaults. A masked file gets a null device bound over it, a masked
  directory a read-only tmpfs, and a path this kernel lacks is skipped. Runs in the lab VM's root
  namespace with its systemd (the VM is reset after each scenario): with runc and a busybox
  bundle in /srv/bundle, then with Docker itself where it runs.

  Rule: runc and a bundle made with runc spec

    Background: a busybox bundle made with runc spec
      Given a fresh lab
      When I run:
        """
        mkdir -p /srv/bundle/rootfs/bin /srv/bundle/host_dir
        cp /bin/busybox /srv/bundle/rootfs/bin/
        chroot /srv/bundle/rootfs /bin/busybox --install -s /bin
        cd /srv/bundle && runc spec
        jq '.process.terminal = false | .process.args = ["sleep", "1000"]' config.json > config.new
        mv config.new config.json
        """
      Then it succeeds

    Scenario: masked paths are covered and read-only paths are bound read-only
      Seeds 001 and 003: Docker's and runc spec's maskedPaths and readonlyPaths, in the container's mountinfo.
      When I run:
        """
        systemd-run --unit=mlc --working-directory=/srv/bundle runc run mlc
        until runc state mlc 2>/dev/null | grep -q '"status": "running"'; do sleep 0.1; done
        """
      Then it succeeds
      And "/proc/kcore" is a mount point in container "mlc"
      And "/proc/kcore" has filesystem type "tmpfs" in container "mlc"
      And "/proc/keys" is a mount point in container "mlc"
      And "/proc/acpi" has filesystem type "tmpfs" in container "mlc"
      And "/proc/acpi" is mounted read-only in container "mlc"
      And "/sys/firmware" is mounted read-only in container "mlc"
      And "/proc/sys" is mounted read-only in container "mlc"
      And "/proc/sysrq-trigger" is mounted read-only in container "mlc"
      And "/proc/irq" is mounted read-only in container "mlc"
      When I run "runc exec mlc cat /proc/kcore"
      Then it succeeds
      And the output is empty
      When I run "runc exec mlc sh -c 'echo 1 > /proc/sys/kernel/sysrq'"
      Then it fails
      And the output contains "Read-only file system"

    Scenario: without maskedPaths and readonlyPaths the container shows none of those mounts
      Seed 001: a privileged container has none of these mounts.
      When I run:
        """
        cd /srv/bundle
        jq 'del(.linux.maskedPaths, .linux.readonlyPaths)' config.json > config.new && mv config.new config.json
        systemd-run --unit=mlc --working-directory=/srv/bundle runc run mlc
        until runc state mlc 2>/dev/null | grep -q '"status": "running"'; do sleep 0.1; done
        """
      Then it succeeds
      And "/proc/kcore" is not a mount point in container "mlc"
      And "/proc/acpi" is not a mount point in container "mlc"
      And "/proc/sys" is not a mount point in container "mlc"

    Scenario: the runtime's mount calls, counted with strace -f (the document counts 43 for docker run)
      Seed 001: the mount calls seen with strace -f. runc alone, for this runc spec config, makes
      35 (measured on 5.10, 6.1 and 6.12 with runc 1.1: the same sequence on each; only which
      masked paths this kernel lacks differs, as /proc/sched_debug, gone from /proc in 5.13). The
      count Docker's runtime makes is checked below ("it made 40 mount syscalls").
      When I run:
        """
        cd /srv/bundle
        jq '.process.args = ["true"]' config.json > config.new && mv config.new config.json
        runc run mlc-count
        """
      Then it succeeds
      And it made 35 mount syscalls
      And the pivot_root syscall succeeds

    Scenario: pivot_root: the container's / names the host's disk, yet it is the bundle's rootfs
      Seed 003: runc pivot_roots into the bundle's rootfs; mountinfo names the host's device.
      When I run:
        """
        systemd-run --unit=mlc --working-directory=/srv/bundle runc run mlc
        until runc state mlc 2>/dev/null | grep -q '"status": "running"'; do sleep 0.1; done
        """
      Then it succeeds
      And "/" is mounted from "/dev/vda" in container "mlc"
      When I run:
        """
        test "$(runc exec mlc stat -c %i /)" = "$(stat -c %i /srv/bundle/rootfs)"
        """
      Then it succeeds

    Scenario: without a mount namespace runc uses chroot: no new namespace, nothing outside the rootfs
      The document removes the mount namespace and, with it, maskedPaths and readonlyPaths (they
      need a private mount namespace).
      When I run:
        """
        cd /srv/bundle
        jq 'del(.linux.maskedPaths, .linux.readonlyPaths) | .linux.namespaces |= map(select(.type != "mount"))' config.json > config.new
        mv config.new config.json
        jq '.process.args = ["ls", "/srv"]' config.json > chroot.json
        """
      Then it succeeds
      When I run "cd /srv/bundle && cp chroot.json config.json && runc run mlc-ls"
      Then it fails
      And the chroot syscall succeeds
      And the output contains "No such file or directory"
      When I run:
        """
        cd /srv/bundle && jq '.process.args = ["sleep", "1000"]' chroot.json > config.json
        systemd-run --unit=mlc --working-directory=/srv/bundle runc run mlc
        until runc state mlc 2>/dev/null | grep -q '"status": "running"'; do sleep 0.1; done
        test "$(readlink /proc/$(runc state mlc | jq .pid)/ns/mnt)" = "$(readlink /proc/self/ns/mnt)"
        """
      Then it succeeds

    Scenario: a bind of a host directory is visible in the container and absent from the bundle on the host
      Seed 003: a bind mount lives in the container's mount namespace only.
      When I run:
        """
        cd /srv/bundle
        echo hello > host_dir/file
        jq '.mounts += [{"destination": "/host_dir", "type": "bind", "source": "host_dir", "options": ["bind"]}]' config.json > config.new
        mv config.new config.json
        systemd-run --unit=mlc --working-directory=/srv/bundle runc run mlc
        until runc state mlc 2>/dev/null | grep -q '"status": "running"'; do sleep 0.1; done
        """
      Then it succeeds
      And "/host_dir" is a mount point in container "mlc"
      But "/srv/bundle/rootfs/host_dir" is not a mount point
      When I run "runc exec mlc cat /host_dir/file"
      Then it succeeds
      And the output contains "hello"

  @requires-docker
  Rule: Docker itself, as the document ran it
    `ubuntu` is the lab image's offline base image (Debian 12 minbase under the document's name).

    Scenario: inside docker run -it ubuntu bash, mount shows /proc six times, as the document saw
      Seed 001's own look: /proc once on the host; in the container also /proc/bus, /proc/fs,
      /proc/irq, /proc/sys and /proc/sysrq-trigger, read-only, and tmpfs over masked directories.
      The window's foreground is docker's client, not the container's shell, so this scenario
      checks what mount prints; the next one reads the container's mountinfo.
      Given a window "container" running "docker run -it ubuntu bash"
      When I run 'mount | grep "^proc"; echo "proc lines: $(mount | grep -c "^proc ")."' in window "container"
      Then it succeeds
      And the output contains "proc on /proc type proc (rw,"
      And the output contains "proc on /proc/bus type proc (ro,"
      And the output contains "proc on /proc/fs type proc (ro,"
      And the output contains "proc on /proc/irq type proc (ro,"
      And the output contains "proc on /proc/sys type proc (ro,"
      And the output contains "proc on /proc/sysrq-trigger type proc (ro,"
      And the output contains "proc lines: 6."
      When I run 'mount | grep "^tmpfs"' in window "container"
      Then it succeeds
      And the output contains "tmpfs on /proc/acpi type tmpfs (ro,"

    Scenario: docker run's masked and read-only paths, in the container's mountinfo
      Seed 001's paths, read from the container init's mountinfo: the container runs detached,
      and docker inspect gives its PID.
      When I run "docker run -d --name c1 ubuntu sleep 1000"
      Then it succeeds
      And "/proc/kcore" is a mount point in docker container "c1"
      And "/proc/keys" is a mount point in docker container "c1"
      And "/proc/acpi" has filesystem type "tmpfs" in docker container "c1"
      And "/proc/acpi" is mounted read-only in docker container "c1"
      And "/proc/bus" is mounted read-only in docker container "c1"
      And "/proc/sys" is mounted read-only in docker container "c1"
      And "/proc/sysrq-trigger" is mounted read-only in docker container "c1"

    Scenario: a privileged container has none of them
      Seed 001: with --privileged, "all the extra /proc mounts go away".
      When I run "docker run -d --privileged --name c1 ubuntu sleep 1000"
      Then it succeeds
      And "/proc/kcore" is not a mount point in docker container "c1"
      And "/proc/acpi" is not a mount point in docker container "c1"
      And "/proc/sys" is not a mount point in docker container "c1"
      And "/proc/sysrq-trigger" is not a mount point in docker container "c1"

    Scenario: the mount calls behind one docker run, seen by tracing containerd as the document did
      Seed 001 traced containerd (`strace -f -p`), since docker run only asks it, and counted 43
      mount calls. The same sequence shows here (40 on 5.10, 6.1 and 6.12 with Docker 20.10,
      listed in the report): no /dev/console bind without -t, /proc/asound and /proc/scsi absent
      (ENOENT: skipped; the lab image leaves out sound and SCSI modules), and runc first binds its
      own binary read-only (its guard against CVE-2019-5736). A masked file gets /dev/null bound
      over it.
      When I run "docker run ubuntu bash" with containerd traced
      Then it succeeds
      And it made 40 mount syscalls
      And the mount syscall on "/proc/kcore" succeeds
      And the mount syscall on "/proc/asound" fails with ENOENT
      And the mount syscall on "/proc/scsi" fails with ENOENT
      And the pivot_root syscall succeeds
