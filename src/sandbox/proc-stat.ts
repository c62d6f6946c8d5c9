/**
 * Reads the foreground process group of a process's controlling terminal (field 8, tpgid) from
 * the text of /proc/PID/stat. The command name (field 2) may hold spaces and parentheses, so the
 * fields are counted from the last ')'.
 */
export function foregroundProcessGroup(statText: string): number {
  const close = statText.lastIndexOf(')');
  const fields = statText.slice(close + 2).trim().split(' ');
  // After ")": state(3) ppid(4) pgrp(5) session(6) tty_nr(7) tpgid(8) → index 5.
  const tpgid = Number(fields[5]);
  if (close === -1 || !Number.isInteger(tpgid) || tpgid <= 0) {
    throw new Error(`no foreground process group in /proc/PID/stat: ${JSON.stringify(statText)}`);
  }
  return tpgid;
}

/** The command name (field 2, comm) from the text of /proc/PID/stat: what stands between the first '(' and the last ')'. */
export function commandName(statText: string): string {
  const open = statText.indexOf('(');
  const close = statText.lastIndexOf(')');
  if (open === -1 || close < open) throw new Error(`no command name in /proc/PID/stat: ${JSON.stringify(statText)}`);
  return statText.slice(open + 1, close);
}

/**
 * A process's PID in each PID namespace it belongs to, outermost first, from the NSpid line of
 * /proc/PID/status (Linux 4.1 and later).
 */
export function namespacePids(statusText: string): number[] {
  const line = statusText.split('\n').find((l) => l.startsWith('NSpid:'));
  if (line === undefined) throw new Error('no NSpid line in /proc/PID/status (Linux 4.1 or later is needed)');
  return line.slice('NSpid:'.length).trim().split(/\s+/).map(Number);
}
