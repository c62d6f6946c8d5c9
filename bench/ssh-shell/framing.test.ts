import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { frameCommand, MarkerScanner } from './framing.ts';

const TOKEN = '0123456789abcdef0123456789abcdef';
const begin = `:mlb:${TOKEN}:\n`;
const end = (trailer: string): string => `:mle:${TOKEN}:${trailer}\n`;

function feed(scanner: MarkerScanner, data: Buffer, chunk: number): void {
  for (let i = 0; i < data.length; i += chunk) scanner.push(data.subarray(i, i + chunk));
}

test('the body is every byte between the markers, whatever the chunking', () => {
  const body = Buffer.from('line 1\n\0binary\xff\nno final newline', 'latin1');
  const stream = Buffer.concat([Buffer.from(`stale output${begin}`), body, Buffer.from(`${end('42')}next`)]);
  for (const chunk of [1, 2, 3, 7, 64, stream.length]) {
    const s = new MarkerScanner(TOKEN);
    feed(s, stream, chunk);
    assert.equal(s.done, true, `chunk ${chunk}`);
    assert.deepEqual(s.body, body, `chunk ${chunk}`);
    assert.equal(s.trailer, '42');
    assert.equal(s.rest.toString(), 'next');
  }
});

test('an empty body, and leftovers carried into the next scanner', () => {
  const s = new MarkerScanner(TOKEN, Buffer.from(`junk${begin}${end('')}`));
  assert.equal(s.done, true);
  assert.equal(s.body.length, 0);
  assert.equal(s.trailer, '');
});

test('another token in the output is just output', () => {
  const other = 'ffffffffffffffffffffffffffffffff';
  const s = new MarkerScanner(TOKEN);
  s.push(Buffer.from(`${begin}:mle:${other}:0\n${end('1')}`));
  assert.equal(s.body.toString(), `:mle:${other}:0\n`);
  assert.equal(s.trailer, '1');
});

test('not done until the end marker line is complete', () => {
  const s = new MarkerScanner(TOKEN);
  s.push(Buffer.from(`${begin}out:mle:${TOKEN}:1`));
  assert.equal(s.started, true);
  assert.equal(s.done, false);
  s.push(Buffer.from('27\n'));
  assert.equal(s.done, true);
  assert.equal(s.trailer, '127');
  assert.equal(s.body.toString(), 'out');
});

test('the framed script, run by a real sh, yields exact output and status', () => {
  const frame = frameCommand(`sh -c 'printf "a\\nb"; printf e >&2; exit 5'`);
  const out = execFileSync('sh', ['-c', `${frame.script} 2>/dev/null`], { input: '' });
  const s = new MarkerScanner(frame.token);
  s.push(out);
  assert.equal(s.done, true);
  assert.equal(s.body.toString(), 'a\nb');
  assert.equal(s.trailer, '5');
});
