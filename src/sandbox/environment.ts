/**
 * Every command of an experiment runs with this environment and nothing else from mountlab's own
 * process: C locale, so messages read as in the documents ("Device or resource busy").
 */
export const COMMAND_ENVIRONMENT: readonly string[] = [
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'HOME=/root',
  'LC_ALL=C',
  'TERM=dumb',
];

export function envArgv(extra: readonly string[] = []): string[] {
  return ['env', '-i', ...COMMAND_ENVIRONMENT, ...extra];
}
