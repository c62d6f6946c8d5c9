#!/bin/bash
# Baseline of features/container-mounts.feature: the same commands and checks, plain shell, in the
# lab VM's root namespace (where the feature runs); each scenario cleans up after itself.
. "$(dirname "$0")/lib.sh"
only_in_lab_vm

clean_up() {
  remove_containers mlc mlc-count mlc-ls
  systemctl stop mlc.service 2>/dev/null || true
  systemctl reset-failed mlc.service 2>/dev/null || true
  remove_tree /srv/bundle
  # runc without a mount namespace made the root namespace's mounts private (its rootfs
  # preparation: mount / MS_SLAVE|MS_REC, then the rootfs's parent private); systemd had made them
  # shared. mountlab resets the VM; here they are made shared again, in peer groups of their own.
  mount --make-rshared /
}

bundle() {
  run "mkdir -p /srv/bundle/host_dir
    $BUSYBOX_BUNDLE
    jq '.process.terminal = false | .process.args = [\"sleep\", \"1000\"]' config.json > config.new
    mv config.new config.json"
}
start_mlc() {
  run 'cd /srv/bundle; systemd-run --unit=mlc --working-directory=/srv/bundle runc run mlc
    until runc state mlc 2>/dev/null | grep -q "\"status\": \"running\""; do sleep 0.1; done'
}

masked() {
  bundle; start_mlc; local p; p=$(runc_pid mlc)
  c_mount "$p" /proc/kcore; c_fstype "$p" /proc/kcore tmpfs; c_mount "$p" /proc/keys
  c_fstype "$p" /proc/acpi tmpfs; c_ro "$p" /proc/acpi; c_ro "$p" /sys/firmware; c_ro "$p" /proc/sys
  c_ro "$p" /proc/sysrq-trigger; c_ro "$p" /proc/irq
  traced 'runc exec mlc cat /proc/kcore'; succeeded; [ -z "$out" ] || fail "output: $out"
  traced "runc exec mlc sh -c 'echo 1 > /proc/sys/kernel/sysrq'"; failed; output_has 'Read-only file system'
}
unmasked() {
  bundle
  run 'cd /srv/bundle && jq "del(.linux.maskedPaths, .linux.readonlyPaths)" config.json > config.new && mv config.new config.json'
  start_mlc; local p; p=$(runc_pid mlc)
  c_not_mount "$p" /proc/kcore; c_not_mount "$p" /proc/acpi; c_not_mount "$p" /proc/sys
}
counted() {
  bundle
  traced 'cd /srv/bundle && jq ".process.args = [\"true\"]" config.json > config.new && mv config.new config.json && runc run mlc-count'
  succeeded; calls mount 35; syscall_is pivot_root ok
}
pivot() {
  bundle; start_mlc
  c_source "$(runc_pid mlc)" / /dev/vda
  run 'test "$(runc exec mlc stat -c %i /)" = "$(stat -c %i /srv/bundle/rootfs)"'
}
chrooted() {
  bundle
  run 'cd /srv/bundle
    jq "del(.linux.maskedPaths, .linux.readonlyPaths) | .linux.namespaces |= map(select(.type != \"mount\"))" config.json > config.new
    mv config.new config.json
    jq ".process.args = [\"ls\", \"/srv\"]" config.json > chroot.json'
  traced 'cd /srv/bundle && cp chroot.json config.json && runc run mlc-ls'; failed; syscall_is chroot ok
  output_has 'No such file or directory'
  run 'cd /srv/bundle && jq ".process.args = [\"sleep\", \"1000\"]" chroot.json > config.json'
  start_mlc
  run 'test "$(readlink /proc/$(runc state mlc | jq .pid)/ns/mnt)" = "$(readlink /proc/self/ns/mnt)"'
}
host_dir() {
  bundle
  run 'cd /srv/bundle; echo hello > host_dir/file
    jq ".mounts += [{\"destination\": \"/host_dir\", \"type\": \"bind\", \"source\": \"host_dir\", \"options\": [\"bind\"]}]" config.json > config.new
    mv config.new config.json'
  start_mlc; c_mount "$(runc_pid mlc)" /host_dir; not_mount /srv/bundle/rootfs/host_dir
  traced 'runc exec mlc cat /host_dir/file'; succeeded; output_has hello
}

docker_it() {
  # the feature types these into the shell of `docker run -it ubuntu bash` in a window
  traced "$(on_terminal "docker run -t ubuntu bash -c 'mount | grep ^proc; echo \"proc lines: \$(mount | grep -c \"^proc \").\"; mount | grep ^tmpfs'")"
  succeeded
  for p in 'proc on /proc type proc (rw,' 'proc on /proc/bus type proc (ro,' 'proc on /proc/fs type proc (ro,' \
    'proc on /proc/irq type proc (ro,' 'proc on /proc/sys type proc (ro,' 'proc on /proc/sysrq-trigger type proc (ro,' \
    'proc lines: 6.' 'tmpfs on /proc/acpi type tmpfs (ro,'; do output_has "$p"; done
}
docker_masked() {
  traced 'docker run -d --name c1 ubuntu sleep 1000'; succeeded; local p; p=$(docker_pid c1)
  c_mount "$p" /proc/kcore; c_mount "$p" /proc/keys; c_fstype "$p" /proc/acpi tmpfs; c_ro "$p" /proc/acpi
  c_ro "$p" /proc/bus; c_ro "$p" /proc/sys; c_ro "$p" /proc/sysrq-trigger
}
docker_privileged() {
  traced 'docker run -d --privileged --name c1 ubuntu sleep 1000'; succeeded; local p; p=$(docker_pid c1)
  c_not_mount "$p" /proc/kcore; c_not_mount "$p" /proc/acpi; c_not_mount "$p" /proc/sys; c_not_mount "$p" /proc/sysrq-trigger
}
docker_traced() {
  traced_containerd 'docker run ubuntu bash'; succeeded; calls mount 40
  syscall_on mount /proc/kcore ok; syscall_on mount /proc/asound ENOENT; syscall_on mount /proc/scsi ENOENT
  syscall_is pivot_root ok
}

root_scenario 'masked and read-only paths' masked
root_scenario 'without maskedPaths and readonlyPaths' unmasked
root_scenario 'the mount calls, counted' counted
root_scenario 'pivot_root' pivot
root_scenario 'without a mount namespace: chroot' chrooted
root_scenario 'a bind of a host directory' host_dir
root_scenario 'docker run -it: /proc six times' docker_it
root_scenario "docker run's masked and read-only paths" docker_masked
root_scenario 'a privileged container' docker_privileged
root_scenario 'one docker run, containerd traced' docker_traced
