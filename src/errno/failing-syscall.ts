import { failures, type SyscallRecord } from './strace/index.ts';

/**
 * Failures that tools make on purpose and recover from: util-linux mount and umount start with
 * mkdir("/run/mount") = -1 EEXIST, and `mkdir -p` meets EEXIST on every existing parent.
 */
function isRoutine(r: SyscallRecord): boolean {
  return (r.name === 'mkdir' || r.name === 'mkdirat') && r.errno === 'EEXIST';
}

/**
 * The syscall that made a command fail: the last failure that is not routine, or the last
 * failure of any kind when only routine ones happened (`mkdir /tmp/x` on an existing directory).
 */
export function failingSyscall(records: readonly SyscallRecord[]): SyscallRecord | undefined {
  const all = failures(records);
  return all.filter((r) => !isRoutine(r)).at(-1) ?? all.at(-1);
}
