import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from './matchers.ts';
import { syscallEvidence } from './errno.ts';
import { parseStrace } from '../errno/strace/index.ts';
import type { ScenarioCommand } from '../scenario/scenario-command.ts';

// Real strace 6.1 output: containerd.service traced (strace -f -p) while the lab VM (Linux 6.1)
// ran `docker run --cap-add SYS_ADMIN ubuntu mount -t tmpfs none /mnt` (the last three mount
// lines): runc's last mount in the container (a masked path), then the container's mount(8),
// which retries read-only after EACCES.
const DOCKER_TRACE = String.raw`
403   mount("tmpfs", "/sys/firmware", "tmpfs", MS_RDONLY, NULL) = 0
403   mount("none", "/mnt", "tmpfs", 0, NULL) = -1 EACCES (Permission denied)
403   mount("none", "/mnt", "tmpfs", MS_RDONLY, NULL) = -1 EACCES (Permission denied)
`;

function run(trace: string): ScenarioCommand {
  return {
    command: 'docker run --cap-add SYS_ADMIN ubuntu mount -t tmpfs none /mnt', where: 'sandbox', exitCode: 32, signal: null,
    stdout: '', stderr: 'mount: /mnt: cannot mount none read-only.\n', durationMs: 4000, failed: true, timedOut: false,
    syscalls: parseStrace(trace).calls,
  };
}

test('a syscall on a path is judged by the last call naming that path, not by the runtime\'s own calls', () => {
  expect(run(DOCKER_TRACE)).toHaveSyscallOutcomeOn('mount', '/mnt', 'EACCES', '');
  expect(run(DOCKER_TRACE)).not.toHaveSyscallOutcomeOn('mount', '/mnt', null, '');
  // the last mount of any path here is still the container's; with runc's last it would succeed
  expect(run(DOCKER_TRACE)).toHaveSyscallOutcome('mount', 'EACCES', '');
});

test('a path no call names fails with a hint to trace the syscall', () => {
  assert.throws(
    () => { expect(run(DOCKER_TRACE)).toHaveSyscallOutcomeOn('mount', '/srv', null, ''); },
    /made no mount call on \/srv \(is mount traced\? add "tracing mount too"\)/,
  );
});

test('a wrong errno shows the calls that were made', () => {
  assert.throws(
    () => { expect(run(DOCKER_TRACE)).toHaveSyscallOutcomeOn('mount', '/mnt', 'EPERM', ''); },
    /to fail with EPERM \(Operation not permitted\); its mount calls on \/mnt were:\n {4}403 {3}mount\("none", "\/mnt", "tmpfs", 0, NULL\) = -1 EACCES/,
  );
});

test('the evidence attached to the report lists the calls the step looked at', () => {
  const text = syscallEvidence(run(DOCKER_TRACE), 'mount', '/mnt');
  assert.equal(text.split('\n').length, 3);
  assert.match(text, /^strace: the mount calls on \/mnt of `docker run --cap-add SYS_ADMIN ubuntu mount -t tmpfs none \/mnt` \(the last one is checked\):\n {2}403 {3}mount\("none", "\/mnt", "tmpfs", 0, NULL\) = -1 EACCES/);
  assert.equal(syscallEvidence(run(DOCKER_TRACE), 'mount').split('\n').length, 4);
});

// Real strace 6.1 output (Linux 6.18), in a private mount namespace: strace -f -qq -e signal=none
// -e trace=mount,mkdir -o FILE sh -c "mkdir '$d/with space' '$d/caf\303\251'; mount -t tmpfs none
// '$d/with space'; mount --bind '$d/with space' '$d/with space2'; mkdir '$d/café'" (the second
// mkdir makes a name with backslashes in it; the bind fails: "with space2" does not exist).
const SPACES_TRACE = String.raw`
30921 mkdir("/tmp/mlsp.uLLa/with space", 0777) = 0
30921 mkdir("/tmp/mlsp.uLLa/caf\\303\\251", 0777) = 0
30925 mkdir("/run/mount", 0755)         = -1 EEXIST (File exists)
30925 mount("none", "/tmp/mlsp.uLLa/with space", "tmpfs", 0, NULL) = 0
30927 mkdir("/run/mount", 0755)         = -1 EEXIST (File exists)
30927 mount("/tmp/mlsp.uLLa/with space", "/tmp/mlsp.uLLa/with space2", 0x56380f413300, MS_BIND, NULL) = -1 ENOENT (No such file or directory)
30930 mkdir("/tmp/mlsp.uLLa/caf\303\251", 0777) = 0
`;

test('a path is matched against the decoded arguments: spaces, escapes, UTF-8, no prefix matches', () => {
  const d = '/tmp/mlsp.uLLa';
  // the last mount naming "with space" is the bind (as its source); "with space2" is another path
  expect(run(SPACES_TRACE)).toHaveSyscallOutcomeOn('mount', `${d}/with space`, 'ENOENT', '');
  expect(run(SPACES_TRACE)).toHaveSyscallOutcomeOn('mount', `${d}/with space2`, 'ENOENT', '');
  expect(run(SPACES_TRACE)).toHaveSyscallOutcomeOn('mkdir', `${d}/café`, null, '');
  expect(run(SPACES_TRACE)).toHaveSyscallOutcomeOn('mkdir', String.raw`${d}/caf\303\251`, null, '');
  assert.equal(syscallEvidence(run(SPACES_TRACE), 'mkdir', `${d}/café`).split('\n').length, 2);
  assert.throws(() => { expect(run(SPACES_TRACE)).toHaveSyscallOutcomeOn('mount', `${d}/with`, null, ''); }, /made no mount call on \/tmp\/mlsp\.uLLa\/with /);
  assert.equal(syscallEvidence(run(SPACES_TRACE), 'mount', `${d}/with space`).split('\n').length, 3);
});
