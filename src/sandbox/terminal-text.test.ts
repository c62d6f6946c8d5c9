import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainTerminalText } from './terminal-text.ts';

test('removes bracketed-paste switches, colours and carriage returns', () => {
  const raw = '\x1b[?2004hother# \x1b[?2004l\r\n\x1b[01;31mtmpfs\x1b[0m /tmp/parent/mnt\r\n';
  assert.equal(plainTerminalText(raw), 'other# \ntmpfs /tmp/parent/mnt\n');
});
