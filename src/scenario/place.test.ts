import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describePlace, PLACE_REGEXP, placeFrom, SANDBOX } from './place.ts';

function parse(text: string): ReturnType<typeof placeFrom> | undefined {
  const m = new RegExp(`^${PLACE_REGEXP.source}$`).exec(text);
  return m === null ? undefined : placeFrom(m[1], m[2], m[3]);
}

test('nothing, "in the sandbox" and the old "in the host" all mean the sandbox', () => {
  for (const text of ['', ' in the sandbox', ' in the host']) assert.deepEqual(parse(text), SANDBOX, JSON.stringify(text));
});

test('windows, units, runc and docker containers are named places', () => {
  assert.deepEqual(parse(' in window "other"'), { kind: 'window', name: 'other' });
  assert.deepEqual(parse(' in unit "privtmp"'), { kind: 'unit', name: 'privtmp' });
  assert.deepEqual(parse(' in container "mlc"'), { kind: 'container', name: 'mlc' });
  assert.deepEqual(parse(' in docker container "c1"'), { kind: 'docker container', name: 'c1' });
});

test('other words are not a place', () => {
  for (const text of ['in window "w"', ' in pod "p"', ' in the machine']) assert.equal(parse(text), undefined, text);
});

test('places are described as reports name them', () => {
  assert.equal(describePlace(SANDBOX), 'the sandbox');
  assert.equal(describePlace({ kind: 'docker container', name: 'c1' }), 'docker container "c1"');
});
