import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FILE_READER_SCRIPT, FileReplyParser, type FileReply } from './file-replies.ts';

const wire = (...parts: string[]): Buffer => Buffer.from(parts.join(''), 'utf8');

test('replies split anywhere, even inside a UTF-8 character, come out whole and in order', () => {
  const text = 'a ✓\n\nno final newline';
  const all = wire(`F ${Buffer.byteLength(text)}\n`, text, 'E UNREAD\n', 'F 0\n', 'E NUL\n');
  for (let cut = 0; cut <= all.length; cut++) {
    const parser = new FileReplyParser();
    const got = [...parser.push(all.subarray(0, cut)), ...parser.push(all.subarray(cut))];
    assert.deepEqual(got, [
      { kind: 'file', text },
      { kind: 'unread', why: 'UNREAD' },
      { kind: 'file', text: '' },
      { kind: 'unread', why: 'NUL' },
    ], `cut at ${cut}`);
  }
});

test('anything else from the reader is an error, not a file', () => {
  assert.throws(() => new FileReplyParser().push(wire('bash: line 1: oops\n')), /the file reader printed "bash: line 1: oops"/);
  assert.throws(() => new FileReplyParser().push(wire('E ENOENT\n')), /not a reply/);
});

test('the reader script, run by bash here, answers each kind of path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-reader-'));
  try {
    const text = 'first ✓\n\n  spaces kept  \nno final newline';
    writeFileSync(join(dir, 'f'), text);
    writeFileSync(join(dir, 'empty'), '');
    writeFileSync(join(dir, 'nul'), 'a\0b');
    const paths = [join(dir, 'f'), join(dir, 'missing'), dir, join(dir, 'nul'), join(dir, 'empty'), join(dir, 'f')];
    const out = execFileSync('bash', ['-c', FILE_READER_SCRIPT], { input: paths.map((p) => `${p}\n`).join('') });
    const replies: FileReply[] = new FileReplyParser().push(out);
    assert.deepEqual(replies, [
      { kind: 'file', text },
      { kind: 'unread', why: 'UNREAD' },
      { kind: 'unread', why: 'UNREAD' },
      { kind: 'unread', why: 'NUL' },
      { kind: 'file', text: '' },
      { kind: 'file', text },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file the reader may not open is unread (cat then says why)', { skip: process.getuid?.() !== 0 && 'needs root, to read as nobody' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-reader-'));
  try {
    writeFileSync(join(dir, 'secret'), 'x', { mode: 0o600 });
    chmodSync(dir, 0o755);
    const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'bash', '-c', FILE_READER_SCRIPT], { input: `${join(dir, 'secret')}\n` });
    assert.deepEqual(new FileReplyParser().push(out), [{ kind: 'unread', why: 'UNREAD' }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
