import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  ERRNO_NAMES,
  ERRNO_TABLE,
  UnknownErrnoError,
  damerauLevenshtein,
  errnoRegexpSource,
  isErrnoName,
  parseErrnoName,
  suggest,
} from './table.ts';

// The machine is the judge: python3's errno module has the kernel's numbers, os.strerror is libc's text.
const PY_DUMP = `
import errno, json, os, sys
out = {}
for name in json.load(sys.stdin):
    number = getattr(errno, name, None)
    out[name] = None if number is None else {"number": number, "message": os.strerror(number)}
print(json.dumps(out))
`;

function python3Table(): Record<string, { number: number; message: string } | null> | undefined {
  const r = spawnSync('python3', ['-c', PY_DUMP], { input: JSON.stringify(ERRNO_NAMES), encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0) return undefined;
  return JSON.parse(r.stdout) as Record<string, { number: number; message: string } | null>;
}

test('every entry matches python3 errno numbers and os.strerror texts on this machine', (t) => {
  const py = python3Table();
  if (py === undefined) {
    t.skip('python3 is not available');
    return;
  }
  for (const name of ERRNO_NAMES) {
    assert.deepEqual(py[name], { ...ERRNO_TABLE[name] }, `${name} differs from python3`);
  }
});

test('the names the lab relies on are there, with the kernel numbers', () => {
  const expected: Record<string, number> = {
    EPERM: 1, ENOENT: 2, ESRCH: 3, EIO: 5, EBADF: 9, EAGAIN: 11, ENOMEM: 12, EACCES: 13, EFAULT: 14,
    ENOTBLK: 15, EBUSY: 16, EEXIST: 17, EXDEV: 18, ENODEV: 19, ENOTDIR: 20, EISDIR: 21, EINVAL: 22,
    EMFILE: 24, ENOSPC: 28, EROFS: 30, EMLINK: 31, ENAMETOOLONG: 36, ENOSYS: 38, ENOTEMPTY: 39,
    ELOOP: 40, EUSERS: 87, EOPNOTSUPP: 95,
  };
  for (const [name, number] of Object.entries(expected)) {
    assert.ok(isErrnoName(name), name);
    assert.equal(ERRNO_TABLE[name].number, number, name);
  }
  assert.equal(ERRNO_TABLE.EBUSY.message, 'Device or resource busy');
  assert.equal(ERRNO_TABLE.EINVAL.message, 'Invalid argument');
});

test('one name per number, names in number order', () => {
  const numbers = ERRNO_NAMES.map((n) => ERRNO_TABLE[n].number);
  assert.equal(new Set(numbers).size, numbers.length);
  assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b));
  assert.equal(ERRNO_NAMES.length, Object.keys(ERRNO_TABLE).length);
  assert.ok(Object.isFrozen(ERRNO_NAMES));
});

test('isErrnoName accepts exact names only', () => {
  assert.ok(isErrnoName('EBUSY'));
  assert.ok(!isErrnoName('ebusy'));
  assert.ok(!isErrnoName('EBUSY '));
  assert.ok(!isErrnoName('toString'));
  assert.ok(!isErrnoName('__proto__'));
  assert.ok(!isErrnoName('EWOULDBLOCK'));
});

test('parseErrnoName returns known names unchanged', () => {
  assert.equal(parseErrnoName('EINVAL'), 'EINVAL');
  assert.equal(parseErrnoName('E2BIG'), 'E2BIG');
});

test('parseErrnoName suggests the closest name for a typo', () => {
  assert.throws(
    () => parseErrnoName('EBUZY'),
    (e: unknown) => {
      assert.ok(e instanceof UnknownErrnoError);
      assert.ok(e instanceof Error);
      assert.equal(e.name, 'UnknownErrnoError');
      assert.equal(e.text, 'EBUZY');
      assert.equal(e.suggestion, 'EBUSY');
      assert.match(e.message, /^unknown errno "EBUZY"; did you mean EBUSY\? valid names: EPERM, ENOENT, ESRCH, /);
      assert.ok(e.message.endsWith(ERRNO_NAMES.join(', ')));
      return true;
    },
  );
});

test('parseErrnoName suggests for transpositions, wrong case and numbers', () => {
  const suggestionFor = (text: string): string | undefined => {
    try {
      parseErrnoName(text);
    } catch (e) {
      if (e instanceof UnknownErrnoError) return e.suggestion;
      throw e;
    }
    assert.fail(`${text} parsed`);
  };
  assert.equal(suggestionFor('EBSUY'), 'EBUSY'); // adjacent swap costs 1
  assert.equal(suggestionFor('ebusy'), 'EBUSY');
  assert.equal(suggestionFor('busy'), 'EBUSY');
  assert.equal(suggestionFor('16'), 'EBUSY');
  assert.equal(suggestionFor('ENOTEMTPY'), 'ENOTEMPTY');
  assert.equal(suggestionFor('EACCESS'), 'EACCES');
  assert.equal(suggestionFor('Device or resource busy'), undefined);
});

test('without a close name the message just lists the valid ones', () => {
  assert.throws(() => parseErrnoName('nonsense'), /^UnknownErrnoError: unknown errno "nonsense"; valid names: EPERM, /);
});

test('errnoRegexpSource matches whole names, longest first', () => {
  const source = errnoRegexpSource();
  const alternatives = source.split('|');
  assert.deepEqual([...alternatives].sort(), [...ERRNO_NAMES].sort());
  for (let i = 1; i < alternatives.length; i++) {
    assert.ok((alternatives[i - 1] ?? '').length >= (alternatives[i] ?? '').length, source);
  }
  for (const name of ERRNO_NAMES) assert.match(name, /^E[A-Z0-9]+$/);
  const anchored = new RegExp(`^(?:${source})$`);
  for (const name of ERRNO_NAMES) assert.ok(anchored.test(name), name);
  assert.ok(!anchored.test('EBUZY'));
  // Unanchored, as cucumber may embed it: the longest name wins over its prefix.
  assert.equal(new RegExp(source).exec('fails with ENOTEMPTY')?.[0], 'ENOTEMPTY');
});

test('suggest works for other vocabularies, e.g. propagation types', () => {
  const propagation = ['shared', 'private', 'slave', 'unbindable'];
  assert.equal(suggest('privat', propagation), 'private');
  assert.equal(suggest('slaev', propagation), 'slave');
  assert.equal(suggest('Shared', propagation), 'shared');
  assert.equal(suggest('unbindabel', propagation), 'unbindable');
  assert.equal(suggest('recursive', propagation), undefined);
  assert.equal(suggest('anything', []), undefined);
});

test('Damerau-Levenshtein distances', () => {
  assert.equal(damerauLevenshtein('', ''), 0);
  assert.equal(damerauLevenshtein('abc', ''), 3);
  assert.equal(damerauLevenshtein('', 'abc'), 3);
  assert.equal(damerauLevenshtein('EBUSY', 'EBUSY'), 0);
  assert.equal(damerauLevenshtein('EBUZY', 'EBUSY'), 1);
  assert.equal(damerauLevenshtein('EBSUY', 'EBUSY'), 1);
  assert.equal(damerauLevenshtein('kitten', 'sitting'), 3);
  assert.equal(damerauLevenshtein('ca', 'abc'), 3); // optimal string alignment, not unrestricted
});
