import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeArgs, decodeStraceString, lexArgs, splitArgs } from './args.ts';

test('splitArgs and decodeStraceString edge cases', () => {
  assert.deepEqual(splitArgs(''), []);
  assert.deepEqual(splitArgs('0'), ['0']);
  assert.deepEqual(splitArgs('"a, b", {x=1, y=[2, 3]}, MS_REC|MS_BIND'), ['"a, b"', '{x=1, y=[2, 3]}', 'MS_REC|MS_BIND']);
  assert.deepEqual(splitArgs(String.raw`"\\", "\""`), [String.raw`"\\"`, String.raw`"\""`]);
  assert.equal(decodeStraceString(String.raw`"\x41\101\0"`)?.value, 'AA\0');
  assert.equal(decodeStraceString(String.raw`"tab\there\r\v\f"`)?.value, 'tab\there\r\v\f');
  assert.equal(decodeStraceString('"üñï"')?.value, 'üñï');
  assert.equal(decodeStraceString('"unterminated'), undefined);
});

test('lexArgs: where the call ends, its arguments, an unfinished call, and what is not strace syntax', () => {
  const line = String.raw`mount("we)ird = -1 \"x\"", "/tmp/mlx/t", "tmpfs", 0, "size=1m") = 0`;
  const lexed = lexArgs(line, 'mount('.length);
  assert.equal(lexed?.end, line.indexOf(') = 0'));
  assert.deepEqual(lexed.args, [String.raw`"we)ird = -1 \"x\""`, '"/tmp/mlx/t"', '"tmpfs"', '0', '"size=1m"']);
  const unfinished = 'wait4(-1,  <unfinished ...>';
  assert.deepEqual(lexArgs(unfinished, 'wait4('.length), { args: ['-1', '<unfinished ...>'], end: -1 });
  assert.equal(lexArgs('x], 1)', 0), undefined);
});

// Real strace 6.1 arguments (Linux 6.18), from mkdir "/tmp/mlp/with space" "/tmp/mlp/tab<TAB>and\"quote" /tmp/mlp/café
test('decodeArgs: strings decoded (spaces, escapes, octal UTF-8), everything else kept as printed', () => {
  assert.deepEqual(decodeArgs('"/tmp/mlp/with space", 0777'), [
    { raw: '"/tmp/mlp/with space"', text: '/tmp/mlp/with space', truncated: false },
    { raw: '0777' },
  ]);
  assert.equal(decodeArgs(String.raw`"/tmp/mlp/tab\tand\"quote", 0777`)[0]?.text, '/tmp/mlp/tab\tand"quote');
  assert.equal(decodeArgs(String.raw`"/tmp/mlp/caf\303\251", 0777`)[0]?.text, '/tmp/mlp/café');
  assert.deepEqual(decodeArgs('"none", "/tmp/mlx/h", "tmpfs", 0, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"...')[4], {
    raw: '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"...',
    text: 'x'.repeat(32),
    truncated: true,
  });
  assert.deepEqual(decodeArgs(''), []);
});
