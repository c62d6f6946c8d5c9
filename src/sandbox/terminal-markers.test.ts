import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MarkerScanner, type TerminalEvent } from './terminal-markers.ts';

const SAMPLE = '\x1b]__ML_SH_1\x07w# \x1b]__ML_MORE\x07> __ML_BEGIN1\r\nabc\r\n__ML_DONE1_0\r\n\x1b]__ML_SH_1\x07w# ';

/** Runs the scanner over chunks and merges adjacent text events, so splits do not show. */
function scan(chunks: readonly string[]): TerminalEvent[] {
  const s = new MarkerScanner();
  const events = [...chunks.flatMap((c) => s.feed(c)), ...s.flush()];
  const merged: TerminalEvent[] = [];
  for (const e of events) {
    const last = merged.at(-1);
    if (e.kind === 'text' && last?.kind === 'text') merged[merged.length - 1] = { kind: 'text', text: last.text + e.text };
    else merged.push(e);
  }
  return merged;
}

const EXPECTED: TerminalEvent[] = [
  { kind: 'prompt', level: 1 }, { kind: 'text', text: 'w# ' }, { kind: 'more' }, { kind: 'text', text: '> ' },
  { kind: 'begin', n: 1 }, { kind: 'text', text: 'abc' }, { kind: 'end', marker: 'DONE', n: 1, status: 0 },
  { kind: 'prompt', level: 1 }, { kind: 'text', text: 'w# ' },
];

test('finds every marker in one chunk', () => {
  assert.deepEqual(scan([SAMPLE]), EXPECTED);
});

test('finds the same markers however the output is split into chunks', () => {
  for (let i = 0; i <= SAMPLE.length; i++) {
    for (let j = i; j <= SAMPLE.length; j += 7) {
      assert.deepEqual(scan([SAMPLE.slice(0, i), SAMPLE.slice(i, j), SAMPLE.slice(j)]), EXPECTED, `split at ${i} and ${j}`);
    }
  }
  assert.deepEqual(scan(Array.from({ length: SAMPLE.length }, (_, i) => SAMPLE.charAt(i))), EXPECTED, 'one character at a time');
});

test('the newline before an end marker is the marker\'s: output that ended with one keeps it', () => {
  assert.deepEqual(scan(['abc\r\n\r\n__ML_READY2_1\r\n']), [{ kind: 'text', text: 'abc\r\n' }, { kind: 'end', marker: 'READY', n: 2, status: 1 }]);
});

test('the echo of a typed marker command is not a marker', () => {
  const echoed = "printf '__ML_%s\\n' BEGIN3; { ls\r\n}; printf '\\n__ML_%s_%s\\n' DONE3 \"$?\"\r\n";
  assert.deepEqual(scan([echoed]), [{ kind: 'text', text: echoed }]);
});

test('scans megabytes in linear time', () => {
  const s = new MarkerScanner();
  const chunk = 'x'.repeat(4096);
  const started = performance.now();
  let text = 0;
  for (let i = 0; i < 5000; i++) for (const e of s.feed(chunk)) if (e.kind === 'text') text += e.text.length;
  for (const e of s.feed('\r\n__ML_DONE9_0\r\n')) if (e.kind === 'text') text += e.text.length;
  assert.equal(text, 4096 * 5000);
  const ms = performance.now() - started;
  assert.ok(ms < 3000, `20 MB took ${ms.toFixed(0)} ms`);
});
