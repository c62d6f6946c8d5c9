/**
 * Every command of an experiment runs with this environment and nothing else from mountlab's own
 * process: C locale, so messages read as in the documents ("Device or resource busy"). HOME names
 * no directory (as for Debian's `nobody`): a shell a window starts (`unshare -m bash`) reads no
 * ~/.bashrc of the machine's user (on a laptop, pyenv and the like cost seconds per window) and
 * writes no ~/.bash_history there, outside the sandbox.
 */
export const COMMAND_ENVIRONMENT: readonly string[] = [
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'HOME=/nonexistent',
  'LC_ALL=C',
  'TERM=dumb',
];

export function envArgv(extra: readonly string[] = []): string[] {
  return ['env', '-i', ...COMMAND_ENVIRONMENT, ...extra];
}
