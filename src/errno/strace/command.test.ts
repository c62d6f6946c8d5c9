import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRACED_SYSCALLS, straceArgv } from './command.ts';
import { parseStrace } from './parse.ts';
import type { SyscallRecord } from './trace.ts';
import { callsOf, lastFailure } from './calls.ts';

function only<T>(items: readonly T[]): T {
  assert.equal(items.length, 1, `expected exactly one, got ${items.length}`);
  return items[0] as T;
}

test('TRACED_SYSCALLS: no duplicates, no umount (x86_64 has only umount2)', () => {
  assert.equal(new Set(TRACED_SYSCALLS).size, TRACED_SYSCALLS.length);
  assert.ok(!TRACED_SYSCALLS.includes('umount'));
  for (const name of ['mount', 'umount2', 'rmdir', 'pivot_root', 'unshare', 'setns', 'move_mount', 'open_tree', 'fsmount', 'mount_setattr']) {
    assert.ok(TRACED_SYSCALLS.includes(name), name);
  }
  assert.ok(Object.isFrozen(TRACED_SYSCALLS));
});

const UNISTD_64 = '/usr/include/x86_64-linux-gnu/asm/unistd_64.h';

test('every traced syscall exists on x86_64 (asm/unistd_64.h)', (t) => {
  if (process.arch !== 'x64' || !existsSync(UNISTD_64)) {
    t.skip(`needs x86_64 with ${UNISTD_64}`);
    return;
  }
  const header = readFileSync(UNISTD_64, 'utf8');
  for (const name of TRACED_SYSCALLS) assert.match(header, new RegExp(`^#define __NR_${name} \\d+$`, 'm'), name);
});

function has(command: string, args: readonly string[]): boolean {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  return r.error === undefined && r.status === 0;
}

test('strace accepts the whole TRACED_SYSCALLS list', (t) => {
  if (!has('strace', ['-V'])) {
    t.skip('strace is not installed');
    return;
  }
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'signal=none', '-e', `trace=${TRACED_SYSCALLS.join(',')}`, '-o', '/dev/null', 'true'], {
    encoding: 'utf8',
  });
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
});

test('straceArgv builds the command mountlab runs', () => {
  assert.deepEqual(straceArgv('/tmp/t.trace', ['sh', '-c', 'true'], ['mount', 'rmdir']), [
    'strace', '-f', '-qq', '-e', 'signal=none', '-e', 'trace=mount,rmdir', '-o', '/tmp/t.trace', 'sh', '-c', 'true',
  ]);
  assert.equal(straceArgv('f', ['true'])[6], `trace=${TRACED_SYSCALLS.join(',')}`);
});

// Live: strace for real, always inside a private mount namespace so this host's mounts are never touched.
function canTraceInNamespace(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'needs root for unshare --mount';
  if (!has('strace', ['-V'])) return 'strace is not installed';
  if (!has('unshare', ['--mount', '--propagation', 'private', 'strace', '-qq', '-o', '/dev/null', 'true'])) {
    return 'unshare --mount or ptrace is not permitted here';
  }
  return undefined;
}

function traceInNamespace(dir: string, script: string): SyscallRecord[] {
  const traceFile = join(dir, 'trace');
  const argv = ['--mount', '--propagation', 'private', ...straceArgv(traceFile, ['sh', '-c', script, 'sh', dir])];
  const r = spawnSync('unshare', argv, { encoding: 'utf8' });
  assert.equal(r.error, undefined);
  return [...parseStrace(readFileSync(traceFile, 'utf8')).calls];
}

test('live: rmdir of a mount point fails with EBUSY, umount2 of a plain directory with EINVAL', (t) => {
  const reason = canTraceInNamespace();
  if (reason !== undefined) {
    t.skip(reason);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-errno-'));
  try {
    mkdirSync(join(dir, 'mnt'));
    mkdirSync(join(dir, 'plain'));

    const busy = traceInNamespace(dir, 'mount -t tmpfs mountlab-test "$1/mnt" && rmdir "$1/mnt"');
    assert.equal(lastFailure(busy, 'mount'), undefined);
    const rmdir = only(callsOf(busy, 'rmdir'));
    assert.deepEqual([rmdir.errno, rmdir.errnoMessage, rmdir.failed], ['EBUSY', 'Device or resource busy', true]);
    assert.equal(rmdir.args, JSON.stringify(join(dir, 'mnt')));
    assert.equal(lastFailure(busy), rmdir);

    const notMounted = traceInNamespace(dir, 'umount "$1/plain"');
    const umount = only(callsOf(notMounted, 'umount2'));
    assert.deepEqual([umount.errno, umount.errnoMessage, umount.failed], ['EINVAL', 'Invalid argument', true]);
    assert.equal(lastFailure(notMounted), umount);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
