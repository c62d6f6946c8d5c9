import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplyReader } from './reply.ts';

const nonce = 'mountlab-0123456789abcdef';
const sep = (s: string): string => `\n${nonce}:${s}\n`;
const reply = (id: number, stdout: string): string =>
  `${nonce}:reply ${id} 0 0\n${stdout}${sep('err')}${sep('trace')}1 chdir("/x") = -1 ENOENT (No such file or directory)\n${sep('mounts')}22 1 0:1 / / rw - tmpfs t rw\n${sep('end')}`;

test('replies are cut out of the stream however it is chunked, UTF-8 split or not', () => {
  const bytes = Buffer.from(reply(1, 'größe\n\nno newline') + reply(2, ''));
  for (const size of [1, 3, 7, bytes.length]) {
    const reader = new ReplyReader(nonce);
    const got = [];
    for (let i = 0; i < bytes.length; i += size) got.push(...reader.push(bytes.subarray(i, i + size)));
    assert.deepEqual(got.map((r) => [r.id, r.stdout, r.stderr, r.watchdogStatus]), [[1, 'größe\n\nno newline', '', 0], [2, '', '', 0]]);
    assert.equal(got[0]?.mountinfo, '22 1 0:1 / / rw - tmpfs t rw\n');
  }
});

test('a reply that is not the agent\'s is refused, not guessed at', () => {
  assert.throws(() => new ReplyReader(nonce).push(Buffer.from(`bash: oops\n${sep('end')}`)), /answered something unexpected/);
});

const made = `${nonce}:made\n/tmp/mountlab.Ab12Cd34\n4242\n4242 (sleep) S 4240 4240 4240 0 -1 4194560 152 724 0 0 0 0 1 1 20 0 1 0 100749 2990080\n`;

test('where the agent runs is taken first, once, however the stream is chunked', () => {
  const bytes = Buffer.from(made + reply(0, ''));
  for (const size of [1, 5, bytes.length]) {
    const homes: unknown[] = [];
    const reader = new ReplyReader(nonce, (home) => { homes.push(home); });
    const got = [];
    for (let i = 0; i < bytes.length; i += size) got.push(...reader.push(bytes.subarray(i, i + size)));
    assert.deepEqual(homes, [{ workDir: '/tmp/mountlab.Ab12Cd34', pid: 4242, stat: '4242 (sleep) S 4240 4240 4240 0 -1 4194560 152 724 0 0 0 0 1 1 20 0 1 0 100749 2990080' }]);
    assert.deepEqual(got.map((r) => r.id), [0]);
  }
});

test('a reply before the agent said where it runs, or a home that is not a work directory, is refused', () => {
  assert.throws(() => new ReplyReader(nonce, () => undefined).push(Buffer.from(reply(0, ''))), /before it said where it runs/);
  assert.throws(() => new ReplyReader(nonce, () => undefined).push(Buffer.from(`${nonce}:made\n/etc\n4242\nstat\n`)), /runs somewhere unexpected/);
  assert.throws(() => new ReplyReader(nonce, () => undefined).push(Buffer.from(`${nonce}:made\n/tmp/mountlab.Ab12Cd34\n0\nstat\n`)), /runs somewhere unexpected/);
});
