import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { quoteArgv, quoteWord } from './quote.ts';
import { AWKWARD_WORDS } from './awkward-words.ts';

test('plain words stay bare', () => {
  assert.equal(quoteArgv(['mount', '--bind', '/tmp/a', '/tmp/b']), 'mount --bind /tmp/a /tmp/b');
});

test('empty word becomes an empty quoted string', () => {
  assert.equal(quoteWord(''), "''");
});

test('single quotes are closed, escaped and reopened', () => {
  assert.equal(quoteWord("it's"), `'it'\\''s'`);
});

// The real shell is the judge: every word must come back out of `sh -c` byte for byte.
// The words come from the shared list, less the empty word (printf '%s' of it prints nothing either way).
const awkward = AWKWARD_WORDS.filter((w) => w !== '');

for (const word of awkward) {
  test(`sh receives ${JSON.stringify(word)} unchanged`, () => {
    const script = `printf '%s' ${quoteWord(word)}`;
    const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
    assert.equal(out, word);
  });
}

test('a whole argv survives sh -c as separate words', () => {
  const argv = ['printf', '[%s]', ...awkward];
  const out = execFileSync('/bin/sh', ['-c', quoteArgv(argv)], { encoding: 'utf8' });
  assert.equal(out, awkward.map((w) => `[${w}]`).join(''));
});
