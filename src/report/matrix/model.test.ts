import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { suiteRunFromMessages } from './messages.ts';
import { buildMatrix, expectedOutcome, formatFailures, formatMatrixMarkdown, formatMatrixSummary, matrixFailed, sortKernels, type ImageInfo, type KernelRun } from './model.ts';

const fixture = (name: string): string => readFileSync(new URL(`../../../test/matrix/fixtures/${name}`, import.meta.url), 'utf8');
const image = (kernel: string, kernelRelease: string): ImageInfo => ({ name: `mountlab-${kernel}`, kernelSuite: kernel, kernelRelease, kernelPackageVersion: undefined, builtAt: undefined });
const kernelRun = (kernel: string, messages: string | undefined, extra: Partial<KernelRun> = {}): KernelRun => ({
  kernel,
  image: image(kernel, `${kernel}-manifest-release`),
  suiteRun: messages === undefined ? undefined : suiteRunFromMessages(messages),
  exitCode: undefined,
  durationMs: undefined,
  reportHref: undefined,
  problem: undefined,
  ...extra,
});
const now = new Date('2026-11-24T01:02:03Z');

function must<T>(value: T | undefined, what = 'a value'): T {
  assert.ok(value !== undefined, `expected ${what}`);
  return value;
}

test('rows are scenarios in feature order, columns the kernels in the order given', () => {
  const m = buildMatrix([kernelRun('bullseye', fixture('qemu-bullseye.ndjson')), kernelRun('bookworm', fixture('qemu-bookworm.ndjson'))], now);
  assert.equal(m.generatedAt, '2026-11-24T01:02:03.000Z');
  assert.deepEqual(m.columns.map((c) => c.kernel), ['bullseye', 'bookworm']);
  assert.deepEqual(m.rows.map((r) => r.key), [
    'features/archive-namespace.feature:34',
    'features/bind-propagation.feature:32',
    'features/privatetmp.feature:37',
    'features/userns-mount.feature:41',
    'features/userns-mount.feature:102',
  ]);
  const overlay = must(m.rows.find((r) => r.key === 'features/userns-mount.feature:41'));
  const [old, current] = [must(overlay.cells.bullseye), must(overlay.cells.bookworm)];
  assert.equal(old.status, 'pass');
  assert.deepEqual(old.kernelExpectations?.map(expectedOutcome), ['EPERM']);
  assert.equal(current.status, 'pass');
  assert.deepEqual(current.kernelExpectations?.map(expectedOutcome), ['success']);
});

test('a column names the kernel the run saw, and fails when its run failed', () => {
  const m = buildMatrix([kernelRun('bullseye', fixture('qemu-bullseye.ndjson')), kernelRun('trixie', fixture('qemu-trixie.ndjson'))], now);
  const [old, current] = [must(m.columns[0]), must(m.columns[1])];
  assert.equal(old.kernelRelease, '5.10.0-32-amd64');
  assert.equal(old.ok, true, 'testRunFinished.success');
  assert.deepEqual(old.counts, { pass: 5, fail: 0, skip: 0, undefined: 0, missing: 1 });
  assert.equal(current.kernelRelease, '6.12.117+deb13-amd64');
  assert.equal(current.ok, false);
  assert.deepEqual(current.counts, { pass: 2, fail: 1, skip: 0, undefined: 0, missing: 3 });
  assert.ok(matrixFailed(m));
  assert.equal(matrixFailed(buildMatrix([kernelRun('bullseye', fixture('qemu-bullseye.ndjson'))], now)), false);
});

test('the exit code recorded by the runner decides over the messages', () => {
  const m = buildMatrix([kernelRun('bullseye', fixture('sandbox-skip.ndjson'), { exitCode: 1 })], now);
  assert.equal(m.columns[0]?.ok, false);
  const ok = buildMatrix([kernelRun('bullseye', fixture('sandbox-skip.ndjson'), { exitCode: 0 })], now);
  assert.equal(ok.columns[0]?.ok, true);
  assert.equal(matrixFailed(ok), false);
});

test('a kernel without messages is a failed column whose cells are "missing", with the manifest\'s release', () => {
  const m = buildMatrix([kernelRun('bookworm', fixture('sandbox-skip.ndjson')), kernelRun('trixie', undefined)], now);
  const trixie = must(m.columns[1]);
  assert.equal(trixie.ok, false);
  assert.equal(trixie.kernelRelease, 'trixie-manifest-release');
  assert.match(trixie.problem ?? '', /no messages\.ndjson/);
  assert.equal(m.rows[0]?.cells.trixie?.status, 'missing');
  assert.equal(trixie.counts.missing, 1);
  assert.ok(matrixFailed(m));
  assert.ok(matrixFailed(buildMatrix([], now)), 'no kernels at all is a failure too');
});

test('a scenario only one kernel ran is "missing" on the others', () => {
  const m = buildMatrix([kernelRun('bullseye', fixture('qemu-bullseye.ndjson')), kernelRun('bookworm', fixture('sandbox-skip.ndjson'))], now);
  const skipRow = must(m.rows.find((r) => r.key === 'features/userns-mount.feature:79'));
  assert.equal(skipRow.cells.bullseye?.status, 'missing');
  const skipped = must(skipRow.cells.bookworm);
  assert.equal(skipped.status, 'skip');
  assert.equal(skipped.skipReason, '@requires-vm: needs the lab VM (run with --target qemu or vagrant)');
  const archive = m.rows.find((r) => r.key === 'features/archive-namespace.feature:34');
  assert.equal(archive?.cells.bookworm?.status, 'missing');
});

test('Examples rows whose names repeat get their values in the name', () => {
  const text = fixture('qemu-bullseye.ndjson');
  // the same row again under another line: the pickle names collide
  const second = text.replace(/"line":32,/g, '"line":33,');
  const run = suiteRunFromMessages(second);
  const a = suiteRunFromMessages(text).scenarios.find((s) => s.line === 32);
  const b = run.scenarios.find((s) => s.line === 33);
  assert.ok(a && b);
  const m = buildMatrix([
    { ...kernelRun('bullseye', undefined), suiteRun: { ...run, scenarios: [a, { ...b, example: ['shared', 'reaches', 'is', 'again'] }] } },
  ], now);
  assert.deepEqual(m.rows.map((r) => r.name), [
    'a mount made under a shared mount reaches its bind copy [shared | reaches | is]',
    'a mount made under a shared mount reaches its bind copy [shared | reaches | is | again]',
  ]);
});

test('kernels sort oldest first, unknown ones after', () => {
  assert.deepEqual(sortKernels(['trixie', 'zz', 'bookworm', 'aa', 'bullseye']), ['bullseye', 'bookworm', 'trixie', 'aa', 'zz']);
});

test('the Markdown table and the failures, for the terminal', () => {
  const m = buildMatrix([kernelRun('bullseye', fixture('qemu-bullseye.ndjson')), kernelRun('bookworm', fixture('qemu-bookworm.ndjson')), kernelRun('trixie', fixture('qemu-trixie.ndjson'))], now);
  const table = formatMatrixMarkdown(m).split('\n');
  assert.equal(table[0], '| scenario | bullseye (5.10.0-32-amd64) | bookworm (6.1.0-56-amd64) | trixie (6.12.117+deb13-amd64) |');
  assert.equal(table[1], '|---|---|---|---|');
  assert.ok(table.includes('| What root in a user namespace may mount › overlayfs mounts in a user namespace only from Linux 5.11 | pass (expects EPERM) | pass (expects success) | pass (expects success) |'), table.join('\n'));
  assert.ok(table.includes('| Why mount is denied in a container, one layer at a time › with seccomp lifted and CAP_SYS_ADMIN kept, an AppArmor profile that denies mount gives EACCES | missing | missing | fail |'), table.join('\n'));
  const failures = formatFailures(m);
  assert.match(failures, /^trixie \(6\.12\.117\+deb13-amd64\): features\/lsm-denials\.feature:44 Why mount is denied/);
  assert.match(failures, /\n {2}And the kernel log has a line matching .*\n {2}Error: no line of the kernel log \(dmesg\) matches/);
  assert.equal(failures.split('\n\n').length, 1);
});

test('the summary: the table, then the failures in a code block only when some cell failed', () => {
  const passed = buildMatrix([kernelRun('bullseye', fixture('qemu-bullseye.ndjson'))], now);
  assert.equal(formatMatrixSummary(passed), formatMatrixMarkdown(passed));
  const failed = buildMatrix([kernelRun('trixie', fixture('qemu-trixie.ndjson'))], now);
  assert.equal(formatMatrixSummary(failed), `${formatMatrixMarkdown(failed)}\n\nfailures:\n\n\`\`\`\n${formatFailures(failed)}\n\`\`\``);
});
