/**
 * How mountlab runs strace: which syscalls, which flags. `-f` follows children, `-qq` drops the
 * attach/detach and exit-status lines, `-e signal=none` the signal lines: what is left is the
 * calls (parse.ts reads them). `-o FILE` keeps the trace apart from the command's own output.
 */
/**
 * The syscalls mountlab traces: the mount API old and new, namespace switches, and the directory
 * operations that fail with EBUSY/EXDEV on mount points. Only names with an x86_64 syscall: there is no
 * `umount` there (only umount2), although strace accepts `umount` through its i386 personality.
 * Every name is accepted by strace 6.1, which does not yet know statmount/listmount/open_tree_attr.
 */
export const TRACED_SYSCALLS: readonly string[] = Object.freeze([
  'mount',
  'umount2',
  'move_mount',
  'open_tree',
  'fsopen',
  'fsconfig',
  'fsmount',
  'fspick',
  'mount_setattr',
  'pivot_root',
  'chroot',
  'unshare',
  'setns',
  'mkdir',
  'mkdirat',
  'rmdir',
  'unlink',
  'unlinkat',
  'rename',
  'renameat',
  'renameat2',
]);

/** argv for running `command` under strace, writing the trace mountlab parses to `outputFile`. */
export function straceArgv(
  outputFile: string,
  command: readonly string[],
  syscalls: readonly string[] = TRACED_SYSCALLS,
): string[] {
  return ['strace', '-f', '-qq', '-e', 'signal=none', '-e', `trace=${syscalls.join(',')}`, '-o', outputFile, ...command];
}
