import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleTail, describeConsole, lastLines } from './console.ts';

test('lastLines drops terminal escapes, carriage returns and blank lines', () => {
  const text = 'one\r\n\x1b[0;32m  OK  \x1b[0m] Started ssh\r\n\r\n\nDebian GNU/Linux 12 mountlab ttyS0\r\n\r\nmountlab login: ';
  assert.deepEqual(lastLines(text, 3), ['  OK  ] Started ssh', 'Debian GNU/Linux 12 mountlab ttyS0', 'mountlab login:']);
});

test('consoleTail reads the end of a large log; a missing log reads as nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-test-'));
  try {
    const file = join(dir, 'console.log');
    writeFileSync(file, `${'x'.repeat(100)}\n`.repeat(1000) + 'Kernel panic - not syncing: VFS\n');
    assert.deepEqual(consoleTail(file, 1), ['Kernel panic - not syncing: VFS']);
    assert.deepEqual(consoleTail(join(dir, 'missing.log')), []);
    assert.match(describeConsole(join(dir, 'missing.log')), /printed nothing/);
    assert.match(describeConsole(file, 1), /^last console lines:\n {4}Kernel panic/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
