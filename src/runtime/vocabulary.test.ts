import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vocabularyErrors } from './vocabulary.ts';

test('valid errno and propagation names pass, in the sandbox, a window, a unit or a container', () => {
  assert.deepEqual(vocabularyErrors([
    'it fails with EBUSY',
    'the mount syscall fails with EACCES',
    'it fails with EBUSY on kernels before 3.18 and succeeds from 3.18',
    '"/tmp" has propagation shared and slave',
    '"/tmp" has propagation slave in window "other"',
    '"/tmp" has propagation shared and slave in unit "privtmp"',
    '"/tmp" has propagation private in the sandbox',
    '"/tmp" has propagation private in the host',
    '"/" has propagation private in docker container "c1"',
  ]), []);
});

test('a misspelt errno names the word, a suggestion and the valid names', () => {
  const [error] = vocabularyErrors(['it fails with EBUZY']);
  assert.match(error ?? '', /unknown errno "EBUZY" in step "it fails with EBUZY": did you mean EBUSY\? Valid errno names: EPERM, ENOENT/);
});

test('a misspelt propagation is caught in a window step too', () => {
  const [error] = vocabularyErrors(['"/tmp" has propagation slaev in window "w"']);
  assert.match(error ?? '', /unknown propagation "slaev" .*did you mean slave\?/);
});

test('a misspelt propagation is caught in a docker container step (the place comes from the {place} type)', () => {
  const [error] = vocabularyErrors(['"/" has propagation slaev in docker container "c1"']);
  assert.match(error ?? '', /unknown propagation "slaev" in step .*did you mean slave\?/);
});
