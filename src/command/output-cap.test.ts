import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutNote, DEFAULT_OUTPUT_CAP_BYTES, OutputCap, outputCapFromEnv } from './output-cap.ts';

const bytes = (s: string): Uint8Array => Buffer.from(s);
const text = (chunks: Uint8Array[]): string => Buffer.concat(chunks).toString('utf8');

test('keeps everything up to the cap, in chunks of any size', () => {
  const cap = new OutputCap(6);
  assert.equal(text([cap.keep(bytes('abc')), cap.keep(bytes('def'))]), 'abcdef');
  assert.equal(cap.cut, false);
});

test('past the cap, cuts once with the note and drops the rest', () => {
  const cap = new OutputCap(5);
  const kept = [cap.keep(bytes('abc')), cap.keep(bytes('defgh')), cap.keep(bytes('more')), cap.keep(bytes('and more'))];
  assert.equal(text(kept), `abcde${cutNote(5)}`);
  assert.equal(cap.cut, true);
  assert.match(cutNote(5), /… output cut at 5 bytes/);
});

test('text is counted in bytes, and a character cut in two is dropped, not garbled', () => {
  const cap = new OutputCap(4);
  assert.equal(cap.keepText('aé') + cap.keepText('éz'), `aé${cutNote(4)}`);
});

test('the cap comes from MOUNTLAB_OUTPUT_CAP_BYTES, 16 MiB by default, and must be a byte count', () => {
  assert.equal(outputCapFromEnv({}), DEFAULT_OUTPUT_CAP_BYTES);
  assert.equal(DEFAULT_OUTPUT_CAP_BYTES, 16 * 1024 * 1024);
  assert.equal(outputCapFromEnv({ MOUNTLAB_OUTPUT_CAP_BYTES: '1000' }), 1000);
  for (const bad of ['0', '-5', '1.5', 'lots']) assert.throws(() => outputCapFromEnv({ MOUNTLAB_OUTPUT_CAP_BYTES: bad }), /MOUNTLAB_OUTPUT_CAP_BYTES: expected a positive whole number of bytes/);
});
