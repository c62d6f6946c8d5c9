import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callsOn, namesPath } from './calls.ts';
import { parseStrace } from './parse.ts';

// Real strace 6.1 output (Linux 6.18): strace -f -qq -e signal=none -e trace=mkdir,rmdir -o FILE sh -c '
//   mkdir "/tmp/mlp/with space" "/tmp/mlp/with space2" "/tmp/mlp/tab<TAB>and\"quote" /tmp/mlp/café /tmp/mlp/mnt /tmp/mlp/mnt2
//   rmdir "/tmp/mlp/with space" /tmp/mlp/mnt2 /tmp/mlp/nope; mkdir /tmp/mlp/mnt; mkdir -p /tmp/mlp/LLL…/x'
const TRACE = String.raw`
3366  mkdir("/tmp/mlp/with space", 0777) = 0
3366  mkdir("/tmp/mlp/with space2", 0777) = 0
3366  mkdir("/tmp/mlp/tab\tand\"quote", 0777) = 0
3366  mkdir("/tmp/mlp/caf\303\251", 0777) = 0
3366  mkdir("/tmp/mlp/mnt", 0777)       = 0
3366  mkdir("/tmp/mlp/mnt2", 0777)      = 0
3368  rmdir("/tmp/mlp/with space")      = 0
3368  rmdir("/tmp/mlp/mnt2")            = 0
3368  rmdir("/tmp/mlp/nope")            = -1 ENOENT (No such file or directory)
3369  mkdir("/tmp/mlp/mnt", 0777)       = -1 EEXIST (File exists)
3370  mkdir("/tmp", 0777)               = -1 EEXIST (File exists)
3370  mkdir("mlp", 0777)                = -1 EEXIST (File exists)
3370  mkdir("LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL", 0777) = 0
3370  mkdir("x", 0777)                  = 0
`;
const calls = parseStrace(TRACE).calls;
const lines = (path: string, syscall = 'mkdir'): string[] => callsOn(calls, syscall, path).map((c) => c.line.replace(/\s+=.*/, ''));

test('a path matches the whole decoded argument: not a longer name that starts the same', () => {
  assert.deepEqual(lines('/tmp/mlp/with space'), ['3366  mkdir("/tmp/mlp/with space", 0777)']);
  assert.deepEqual(lines('/tmp/mlp/mnt'), ['3366  mkdir("/tmp/mlp/mnt", 0777)', '3369  mkdir("/tmp/mlp/mnt", 0777)']);
  assert.deepEqual(lines('/tmp/mlp/mnt', 'rmdir'), []);
  assert.deepEqual(lines('/tmp/mlp/mn'), []);
  assert.deepEqual(lines('/tmp/mlp'), []);
});

test('paths with escapes and UTF-8 match as the user wrote them, not as strace printed them', () => {
  assert.deepEqual(lines('/tmp/mlp/tab\tand"quote'), [String.raw`3366  mkdir("/tmp/mlp/tab\tand\"quote", 0777)`]);
  assert.deepEqual(lines('/tmp/mlp/café'), [String.raw`3366  mkdir("/tmp/mlp/caf\303\251", 0777)`]);
  // what matching the raw text with JSON quoting used to look for finds nothing here
  assert.equal(calls.some((c) => c.args.includes(JSON.stringify('/tmp/mlp/café'))), false);
});

test('relative arguments (mkdir -p walks the path) match only the same relative path', () => {
  assert.deepEqual(lines('mlp'), ['3370  mkdir("mlp", 0777)']);
  assert.deepEqual(lines('/tmp/mlp/LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL/x'), []);
});

// Crafted in strace's format: a data string that repeats the path, whole and cut.
test('a string strace cut short never matches, even when its start is the path', () => {
  const [mount] = parseStrace('mount("none", "/tmp/mlx/h", "tmpfs", 0, "/tmp/mlx/h"...) = 0\n').calls;
  assert.ok(mount !== undefined);
  assert.equal(namesPath(mount, '/tmp/mlx/h'), true);
  assert.equal(mount.decodedArgs.filter((a) => a.text === '/tmp/mlx/h').length, 2);
  const [cut] = parseStrace('mount("none", "/tmp/other", "tmpfs", 0, "/tmp/mlx/h"...) = 0\n').calls;
  assert.ok(cut !== undefined);
  assert.equal(namesPath(cut, '/tmp/mlx/h'), false);
});
