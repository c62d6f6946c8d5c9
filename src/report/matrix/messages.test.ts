// Fixtures: cucumber messages captured from real runs, cut down to a few scenarios
// (test/matrix/fixtures/README.md says how).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { suiteRunFromMessages, type ScenarioResult } from './messages.ts';

const fixture = (name: string): string => readFileSync(new URL(`../../../test/matrix/fixtures/${name}`, import.meta.url), 'utf8');
const bullseye = fixture('qemu-bullseye.ndjson');
const bookworm = fixture('qemu-bookworm.ndjson');
const trixie = fixture('qemu-trixie.ndjson');
const skipped = fixture('sandbox-skip.ndjson');

function byKey(scenarios: readonly ScenarioResult[], key: string): ScenarioResult {
  const s = scenarios.find((x) => x.key === key);
  assert.ok(s, `${key} in ${scenarios.map((x) => x.key).join(', ')}`);
  return s;
}

test('one result per scenario, in the order of the run, keyed by file and line', () => {
  const run = suiteRunFromMessages(bullseye);
  assert.deepEqual(run.scenarios.map((s) => s.key), [
    'features/archive-namespace.feature:34',
    'features/bind-propagation.feature:32',
    'features/privatetmp.feature:37',
    'features/userns-mount.feature:41',
    'features/userns-mount.feature:102',
  ]);
  assert.deepEqual(run.scenarios.map((s) => s.status), ['pass', 'pass', 'pass', 'pass', 'pass']);
  assert.equal(run.success, true);
  assert.equal(suiteRunFromMessages(trixie).success, false);
  assert.equal(run.unreadableLines, 0);
  assert.match(run.startedAt ?? '', /^\d{4}-\d\d-\d\dT/);
});

test('the kernel of the run comes from its attachments', () => {
  assert.equal(suiteRunFromMessages(bullseye).kernelRelease, '5.10.0-32-amd64');
  assert.equal(suiteRunFromMessages(bookworm).kernelRelease, '6.1.0-56-amd64');
  assert.equal(suiteRunFromMessages(trixie).kernelRelease, '6.12.117+deb13-amd64');
  assert.equal(suiteRunFromMessages(skipped).kernelRelease, '6.18.44-fc-v669');
});

test('a kernel-dependent step says which expectation applied: EPERM before 5.11, success from 5.11', () => {
  const old = byKey(suiteRunFromMessages(bullseye).scenarios, 'features/userns-mount.feature:41');
  assert.equal(old.status, 'pass');
  assert.equal(old.feature, 'What root in a user namespace may mount');
  assert.equal(old.name, 'overlayfs mounts in a user namespace only from Linux 5.11');
  assert.deepEqual(old.kernelExpectations, ['kernel 5.10.0-32-amd64 is older than 5.11: expecting EPERM (success applies from 5.11)']);
  const now = byKey(suiteRunFromMessages(bookworm).scenarios, 'features/userns-mount.feature:41');
  assert.equal(now.status, 'pass');
  assert.deepEqual(now.kernelExpectations, ['kernel 6.1.0-56-amd64 is 5.11 or later: expecting success (the EPERM outcome applies before 5.11)']);
});

test('a failed scenario names the failing step with its keyword, and the message', () => {
  const s = byKey(suiteRunFromMessages(trixie).scenarios, 'features/lsm-denials.feature:44');
  assert.equal(s.status, 'fail');
  assert.equal(s.cucumberStatus, 'FAILED');
  assert.equal(s.feature, 'Why mount is denied in a container, one layer at a time');
  const failure = s.failure;
  assert.ok(failure);
  assert.equal(failure.step, 'And the kernel log has a line matching "apparmor=\\"DENIED\\" operation=\\"mount\\""');
  assert.match(failure.message, /^Error: no line of the kernel log \(dmesg\) matches \/apparmor="DENIED" operation="mount"\/\n {4}at /);
  assert.ok(s.durationMs > 0);
  const passed = byKey(suiteRunFromMessages(trixie).scenarios, 'features/privatetmp.feature:37');
  assert.equal(passed.status, 'pass');
  assert.equal(passed.failure, undefined);
});

test('an Examples row is its own scenario, with its row line and values', () => {
  const s = byKey(suiteRunFromMessages(bullseye).scenarios, 'features/bind-propagation.feature:32');
  assert.equal(s.name, 'a mount made under a shared mount reaches its bind copy');
  assert.deepEqual(s.example, ['shared', 'reaches', 'is']);
  assert.equal(byKey(suiteRunFromMessages(bullseye).scenarios, 'features/privatetmp.feature:37').example, undefined);
});

test('a skipped scenario carries the reason from its "Skipped on …" attachment', () => {
  const run = suiteRunFromMessages(skipped);
  assert.equal(run.scenarios.length, 1);
  const s = run.scenarios[0];
  assert.ok(s);
  assert.equal(s.status, 'skip');
  assert.equal(s.skipReason, '@requires-vm: needs the lab VM (run with --target qemu or vagrant)');
  assert.equal(s.failure, undefined);
  assert.equal(run.success, true);
});

test('a run cut off mid-way: the scenario under way is unfinished, later ones not started, the run did not finish', () => {
  const lines = bullseye.split('\n');
  // cut just after the third scenario's first step finished
  const starts = lines.map((l, i) => (l.startsWith('{"testCaseStarted"') ? i : -1)).filter((i) => i >= 0);
  const third = starts[2] ?? 0;
  const cut = lines.slice(0, third + 2).join('\n') + '\n{"testStepFinished":{"testCaseStar';
  const run = suiteRunFromMessages(cut);
  assert.equal(run.success, undefined);
  assert.equal(run.unreadableLines, 1);
  assert.deepEqual(run.scenarios.map((s) => s.status), ['pass', 'pass', 'fail', 'fail', 'fail']);
  assert.equal(run.scenarios[2]?.failure?.message, 'the run ended before this scenario finished');
  assert.equal(run.scenarios[3]?.failure?.message, 'the run ended before this scenario started');
});

test('a retried scenario counts by its last attempt', () => {
  const lines = skipped.split('\n').filter((l) => l !== '');
  const startedId = /"testCaseStarted":\{[^}]*"id":"([^"]+)"/.exec(skipped)?.[1];
  assert.ok(startedId !== undefined);
  // the same test case once more before the real (skipped) attempt: failed, and to be retried
  const attempt = lines
    .filter((l) => l.startsWith('{"testCaseStarted"') || l.startsWith('{"testStepFinished"') || l.startsWith('{"testCaseFinished"'))
    .map((l) => l.split(startedId).join('attempt-0').replace(/"status":"[A-Z]+"/, '"status":"FAILED","message":"boom"').replace('"willBeRetried":false', '"willBeRetried":true'));
  const at = lines.findIndex((l) => l.startsWith('{"testCaseStarted"'));
  const replayed = [...lines.slice(0, at), ...attempt, ...lines.slice(at)].join('\n');
  const first = suiteRunFromMessages([...lines.slice(0, at), ...attempt].join('\n')).scenarios[0];
  assert.equal(first?.status, 'fail', 'the failed attempt alone');
  assert.equal(suiteRunFromMessages(replayed).scenarios[0]?.status, 'skip');
});

test('undefined steps make an "undefined" cell', () => {
  const undefinedRun = skipped.replace(/"status":"SKIPPED"/g, '"status":"UNDEFINED"');
  const s = suiteRunFromMessages(undefinedRun).scenarios[0];
  assert.ok(s);
  assert.equal(s.status, 'undefined');
  assert.equal(s.failure?.message, 'step undefined');
});
