import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatKiB, peakFromTimeOutput, processPeakKiB, spawnMeasured } from './peak-memory.ts';

test('the peak is the last line GNU time wrote, after its note on a failed command', () => {
  assert.equal(peakFromTimeOutput('3712\n'), 3712);
  assert.equal(peakFromTimeOutput('Command exited with non-zero status 1\n3712\n'), 3712);
  assert.throws(() => peakFromTimeOutput(''), /no peak resident set size/);
});

test('a process that fills 200 MiB peaks above it; one that does nothing far below', () => {
  const fill = spawnMeasured(process.execPath, ['-e', 'Buffer.alloc(200 * 1024 * 1024, 1)'], { encoding: 'utf8' });
  assert.equal(fill.result.status, 0, fill.result.stderr);
  assert.ok(fill.peakKiB > 200 * 1024, `peak ${fill.peakKiB} KiB`);
  const idle = spawnMeasured('true', [], { encoding: 'utf8' });
  assert.equal(idle.result.status, 0);
  assert.ok(idle.peakKiB > 0 && idle.peakKiB < 50 * 1024, `peak ${idle.peakKiB} KiB`);
});

test('a descendant counts: the peak of sh running node is node\'s', () => {
  const m = spawnMeasured('sh', ['-c', `"${process.execPath}" -e 'Buffer.alloc(100 * 1024 * 1024, 1)'; true`], { encoding: 'utf8' });
  assert.ok(m.peakKiB > 100 * 1024, `peak ${m.peakKiB} KiB`);
});

test("a running process's own peak, and none for a process that is gone", () => {
  assert.ok(processPeakKiB(process.pid) > 1024);
  assert.ok(Number.isNaN(processPeakKiB(2 ** 22 + 1)));
});

test('sizes read as a person would write them', () => {
  assert.equal(formatKiB(146_432), '143 MiB');
  assert.equal(formatKiB(4000), '3.9 MiB');
  assert.equal(formatKiB(Number.NaN), 'n/a');
});
