// The baselines' checks (bench/baselines/lib.sh) must be able to fail, or a baseline that did not
// do the work would look fast. Each helper is run here on this computer against a case it must
// pass and one it must fail; the mounts are made in a mount namespace of the test's own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { TRACED_SYSCALLS } from '../../src/errno/strace/index.ts';

const LIB = new URL('./lib.sh', import.meta.url).pathname;
const root = process.getuid?.() === 0;
/** The scripts' TMPDIR ($T): trace files and the test's mount points, removed at the end. */
const T = mkdtempSync(join(tmpdir(), 'mountlab-baselines-'));
after(() => { rmSync(T, { recursive: true, force: true }); });

/** Runs `body` in bash with lib.sh sourced, in a private mount namespace; exit status and stderr. */
function withLib(body: string): { status: number | null; stderr: string } {
  const r = spawnSync('unshare', ['--mount', '--propagation', 'private', '--', 'bash', '-c', `. ${LIB}; scenario_name=test; ${body}`], { encoding: 'utf8', env: { ...process.env, TMPDIR: T, T } });
  return { status: r.status, stderr: r.stderr };
}

function passes(body: string): void {
  const r = withLib(body);
  assert.equal(r.status, 0, `expected to pass: ${body}\n${r.stderr}`);
}

function fails(body: string, message: RegExp): void {
  const r = withLib(body);
  assert.equal(r.status, 1, `expected to fail: ${body}\n${r.stderr}`);
  assert.match(r.stderr, message);
}

const FAILED_MOUNT = "traced 'mount -t tmpfs none $T/none'";

test("the baselines trace mountlab's own syscalls", () => {
  const r = spawnSync('bash', ['-c', `. ${LIB}; echo "$MOUNTLAB_SYSCALLS"`], { encoding: 'utf8' });
  assert.equal(r.stdout.trim(), TRACED_SYSCALLS.join(','), 'MOUNTLAB_SYSCALLS in bench/baselines/lib.sh must list src/errno/strace/command.ts TRACED_SYSCALLS');
});

test('traced, failed and the syscall checks read the errno from strace', { skip: !root && 'needs root (unshare --mount)' }, () => {
  passes(`${FAILED_MOUNT}; failed; syscall_is mount ENOENT; syscall_on mount $T/none ENOENT; calls mount 1`);
  fails(`${FAILED_MOUNT}; succeeded`, /FAIL \(test\): failed \(32\)/);
  fails(`${FAILED_MOUNT}; syscall_is mount EPERM`, /mount did not fail with EPERM/);
  fails(`${FAILED_MOUNT}; syscall_is mount ok`, /mount did not succeed/);
  fails(`${FAILED_MOUNT}; syscall_on mount /other ENOENT`, /mount on \/other did not fail with ENOENT/);
  fails(`${FAILED_MOUNT}; calls mount 2`, /1 mount calls, not 2/);
  passes("mkdir -p $T/mlb; traced 'mount -t tmpfs none $T/mlb'; succeeded; syscall_is mount ok; syscall_on mount $T/mlb ok");
});

test('output_has looks for a fixed string in the last traced output', { skip: !root && 'needs root (unshare --mount)' }, () => {
  passes(`${FAILED_MOUNT}; output_has 'mount point does not exist'`);
  fails(`${FAILED_MOUNT}; output_has 'Permission denied'`, /output lacks 'Permission denied'/);
});

test("a container's checks read its mount table by PID", { skip: !root && 'needs root (unshare --mount)' }, () => {
  const ro = 'mkdir -p $T/mlb-ro; mount -t tmpfs -o ro none $T/mlb-ro';
  passes(`${ro}; c_mount $$ $T/mlb-ro; c_fstype $$ $T/mlb-ro tmpfs; c_ro $$ $T/mlb-ro; c_source $$ $T/mlb-ro none; c_not_mount $$ $T/mlb-none`);
  fails(`${ro}; c_not_mount $$ $T/mlb-ro`, /is a mount point/);
  fails('c_mount $$ $T/mlb-none', /is not a mount point/);
  fails(`${ro}; c_fstype $$ $T/mlb-ro proc`, /is not proc/);
  fails('mkdir -p $T/mlb-rw; mount -t tmpfs none $T/mlb-rw; c_ro $$ $T/mlb-rw', /is not read-only/);
  fails(`${ro}; c_source $$ $T/mlb-ro /dev/vda`, /is not from \/dev\/vda/);
});

test('remove_tree unmounts what is under a directory, deepest first, then removes it', { skip: !root && 'needs root (unshare --mount)' }, () => {
  passes(`d=$(mktemp -d); mkdir $d/a; mount -t tmpfs none $d/a; mkdir $d/a/b; mount -t tmpfs none $d/a/b; touch $d/a/b/f
    remove_tree $d; [ ! -e $d ] && ! findmnt -rn -o TARGET | grep -q "^$d"`);
});

test('remove_tree refuses anything but a directory below /', { skip: !root && 'needs root (unshare --mount)' }, () => {
  fails('remove_tree ""', /remove_tree: '' is not a directory below \//);
  fails('remove_tree /', /remove_tree: '\/' is not a directory below \//);
  fails('remove_tree relative/dir', /is not a directory below \//);
});

test('the syscall checks join a call that strace -f split, and match the whole name', { skip: !root && 'needs root (unshare --mount)' }, () => {
  const split = String.raw`printf '%s\n' '11 mount("none", "/a", "tmpfs", 0, NULL <unfinished ...>' '12 fsmount(3, 0, 0) = -1 EPERM (Operation not permitted)' '11 <... mount resumed>) = -1 EACCES (Permission denied)' > $T/split; trace=$T/split`;
  passes(`${split}; syscall_on mount /a EACCES; syscall_is mount EACCES; calls mount 1; calls fsmount 1`);
  fails(`${split}; syscall_is mount EPERM`, /mount did not fail with EPERM: 11 mount\("none", "\/a", "tmpfs", 0, NULL\) = -1 EACCES/);
});

test('the root-namespace baselines refuse to run outside the lab VM', () => {
  for (const script of ['container-mounts.sh', 'lsm-denials.sh']) {
    const r = spawnSync('bash', [new URL(script, import.meta.url).pathname], { encoding: 'utf8', env: { ...process.env, MOUNTLAB_BASELINE_IN_LAB_VM: '' } });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /runs only in the lab VM, as npm run bench runs it \(MOUNTLAB_BASELINE_IN_LAB_VM=1\)/);
  }
});

test('root_scenario cleans up after a scenario that failed, and stops the script', { skip: !root && 'needs root (unshare --mount)' }, () => {
  fails('clean_up() { echo cleaned >&2; }; bad() { fail nope; }; root_scenario "a bad one" bad; echo not reached >&2', /FAIL \(a bad one\): nope\ncleaned\nscenario failed: a bad one$/m);
});
