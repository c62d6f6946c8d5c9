@archive
Feature: A container's mount table damaged by propagation, and moby's dedicated archive namespace
  Source: seed 002, moby's daemon/containerfs_linux.go ("daemon: archive in a dedicated mount
  namespace", 2022). The old archive code (docker cp) bound a container's volumes under its root
  file system in the daemon's own namespace. When the Docker root itself was a volume of that
  container, each such mount propagated into the container's namespace and overmounted its
  volume, and the propagated unmounts did not put things back: the document reports the
  container's mount table growing with every operation until the kernel's limit
  (/proc/sys/fs/mount-max). The fix does the work in a new namespace whose mounts are slaves of
  the host's, with the binds rprivate, so no event leaves it.
  What today's kernels do is measured here: the propagated copies are real while the volume is
  mounted (4 mounts become 12), and after the unmount the container's table is not as it was: the
  nested mount its volume carried is gone. Whether the volume mount itself survives depends on
  the kernel; the tables below state each kernel's count: 3 on 6.18 (this computer: the volume
  stays), 2 on 5.10, 6.1 and 6.12 (the lab VM's kernels: the volume goes too; measured with
  npm run lab -- --matrix, docs/matrix.md). The kernels between 6.12 and 6.18 are marked
  unmeasured: the step fails there, showing the count it saw, until a run writes it in.
  In this model further operations change nothing more: the table stops growing after the first.
  Docker 20.10's own docker cp, run in the second rule, does grow the container's table with
  every copy, as the document reports: the model has the propagation right but not all of what
  the old archive code mounts.

  Rule: the model, in a sandbox: /tmp/docker stands for /var/lib/docker, window c1 for the container

    Background: a Docker root, a container root file system in it, and the Docker root as a volume
      Given a fresh lab
      When I run:
        """
        mkdir /tmp/docker
        mount -t tmpfs dockerroot /tmp/docker
        mount --make-shared /tmp/docker
        mkdir -p /tmp/docker/c1/rootfs/var/lib/docker
        mount --bind /tmp/docker/c1/rootfs /tmp/docker/c1/rootfs
        """
      Then it succeeds
      Given a window "c1" running "unshare -m --propagation slave bash"
      When I run "mount --rbind /tmp/docker /tmp/docker/c1/rootfs/var/lib/docker" in window "c1"
      Then it succeeds
      And window "c1" shows 4 mounts at or under "/tmp/docker"
      When I note the mount table of window "c1"

    Scenario: a volume bound under the rootfs in the host namespace spills into the container
      Seed 002: the old archive code's rbind under the rootfs in the daemon's namespace.
      When I run "mount --rbind /tmp/docker /tmp/docker/c1/rootfs/var/lib/docker"
      Then it succeeds
      And window "c1" shows 12 mounts at or under "/tmp/docker"
      When I run "umount -l /tmp/docker/c1/rootfs/var/lib/docker"
      Then it succeeds
      And the mounts at or under "/tmp/docker" in window "c1" number, per kernel:
        | kernels               | count      |
        | before 6.13           | 2          |
        | from 6.13 before 6.18 | unmeasured |
        | from 6.18             | 3          |
      And "/tmp/docker/c1/rootfs/var/lib/docker/c1/rootfs" is not a mount point in window "c1"

    Scenario: after the first archive operation, further ones no longer change the container's table
      Seed 002 reports growth with every operation; on 5.10, 6.1, 6.12 (the matrix) and 6.18 the table stops changing after the first.
      When I run "mount --rbind /tmp/docker /tmp/docker/c1/rootfs/var/lib/docker && umount -l /tmp/docker/c1/rootfs/var/lib/docker"
      Then it succeeds
      And the mounts at or under "/tmp/docker" in window "c1" number, per kernel:
        | kernels               | count      |
        | before 6.13           | 2          |
        | from 6.13 before 6.18 | unmeasured |
        | from 6.18             | 3          |
      And "/tmp/docker/c1/rootfs/var/lib/docker/c1/rootfs" is not a mount point in window "c1"
      When I note the mount table of window "c1"
      And I run:
        """
        for i in 2 3 4 5; do
          mount --rbind /tmp/docker /tmp/docker/c1/rootfs/var/lib/docker
          umount -l /tmp/docker/c1/rootfs/var/lib/docker
        done
        """
      Then it succeeds
      And the mount table of window "c1" is as noted

    Scenario: the fix: archive in an unshared namespace with / rslave and the binds rprivate
      Seed 002: the fix in containerfs_linux.go (unshare CLONE_NEWNS, MakeRSlave("/"), binds rbind,rprivate).
      When I note the mount table
      Given a window "archive" running "unshare -m --propagation unchanged bash"
      When I run "mount --make-rslave /" in window "archive"
      Then it succeeds
      When I run "mount -o rbind,rprivate /tmp/docker /tmp/docker/c1/rootfs/var/lib/docker" in window "archive"
      Then it succeeds
      And "/tmp/docker/c1/rootfs/var/lib/docker" is a mount point in window "archive"
      And "/tmp/docker/c1/rootfs/var/lib/docker" has propagation private in window "archive"
      And the mount table of window "c1" is as noted
      And the mount table is as noted

    Scenario: the fix holds over repeated operations
      Seed 002: the fix, repeated as docker cp would repeat it.
      Given a window "archive" running "unshare -m --propagation unchanged bash"
      When I run "mount --make-rslave /" in window "archive"
      Then it succeeds
      When I run "for i in 1 2 3 4 5; do mount -o rbind,rprivate /tmp/docker /tmp/docker/c1/rootfs/var/lib/docker && umount -l /tmp/docker/c1/rootfs/var/lib/docker; done" in window "archive"
      Then it succeeds
      And the mount table of window "c1" is as noted

  Rule: Docker 20.10 itself, whose archive code predates the fix

    The lab image's Docker (Debian's docker.io 20.10.24) still has the old archive code: the fix
    shipped in Docker 23.0. So seed 002's own situation runs as the document describes it: a
    container with the Docker root as a volume, then docker cp into it, its volume bound under its
    root file system in the daemon's namespace each time. Docker binds its own root into a
    container only as a slave (rslave or rshared: it refuses rprivate), so every one of those
    binds reaches the container, and nothing takes them back: its mount table grows with every
    copy, each adding four times what the one before added (18, 72, 288: the same on 5.10, 6.1 and
    6.12). After five copies it holds over 6,000 mounts and the next copies take minutes under
    TCG, so three are enough here.

    @requires-docker @requires-vm @root-namespace
    Scenario: docker cp into a container that has the Docker root as a volume: its table grows with every copy
      Seed 002: "Each archive operation causes the mount table in the container's mount namespace to grow larger and larger".
      Given a fresh lab
      When I run "docker run -d --name c1 -v /var/lib/docker:/var/lib/docker:rprivate ubuntu sleep 1000"
      Then it fails
      And the output contains "must use either propagation mode \"rslave\" or \"rshared\" when mount source is within the daemon root"
      When I run "docker run -d --name c1 -v /var/lib/docker:/var/lib/docker:rslave -v c1data:/data ubuntu sleep 1000"
      Then it succeeds
      And there are 14 mounts at or under "/var/lib/docker" in docker container "c1"
      When I run "docker cp /etc/hostname c1:/data/one"
      Then it succeeds
      And there are 32 mounts at or under "/var/lib/docker" in docker container "c1"
      When I run "docker cp /etc/hostname c1:/data/two"
      Then it succeeds
      And there are 104 mounts at or under "/var/lib/docker" in docker container "c1"
      When I run "docker cp /etc/hostname c1:/data/three"
      Then it succeeds
      And there are 392 mounts at or under "/var/lib/docker" in docker container "c1"

    @requires-docker @requires-vm @root-namespace
    Scenario: the contrast: a container without the Docker root as a volume keeps its table through the same copies
      Seed 002: the damage needs the Docker root mounted into the container; here the copies change nothing there.
      Given a fresh lab
      When I run "docker run -d --name c2 -v c2data:/data ubuntu sleep 1000"
      Then it succeeds
      And there are 0 mounts at or under "/var/lib/docker" in docker container "c2"
      When I note the mount table in docker container "c2"
      And I run "docker cp /etc/hostname c2:/data/one && docker cp /etc/hostname c2:/data/two && docker cp /etc/hostname c2:/data/three"
      Then it succeeds
      And the mount table in docker container "c2" is as noted
