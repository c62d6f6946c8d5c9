import { readFileSync } from 'node:fs';

/**
 * Who a process is, beyond its PID: PIDs are reused, so mountlab names a process by its PID and
 * its start time (field 22 of /proc/PID/stat, in clock ticks since boot; see proc_pid_stat(5)).
 * A process with the same PID and start time is the same process.
 */
export interface ProcessIdentity {
  readonly pid: number;
  readonly startTime: string;
}

/** Field 22 of a /proc/PID/stat text. The comm field (2) may hold spaces and ')', so count from its last ')'. */
export function startTimeFromStat(stat: string): string | undefined {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state), so field 22 is rest[19]
  const start = rest[19];
  return start !== undefined && /^\d+$/.test(start) ? start : undefined;
}

/** The identity of a process on this computer, or undefined when it is gone. */
export function localIdentity(pid: number): ProcessIdentity | undefined {
  try {
    const startTime = startTimeFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return startTime === undefined ? undefined : { pid, startTime };
  } catch {
    return undefined;
  }
}

/** Whether the process `id` names still runs (same PID, same start time). */
export function isRunning(id: ProcessIdentity): boolean {
  return localIdentity(id.pid)?.startTime === id.startTime;
}

/** As the owner file of a sandbox's work directory holds it: "PID STARTTIME". */
export function formatIdentity(id: ProcessIdentity): string {
  return `${id.pid} ${id.startTime}`;
}

export function parseIdentity(text: string): ProcessIdentity | undefined {
  const m = /^(\d+) (\d+)\s*$/.exec(text);
  return m === null ? undefined : { pid: Number(m[1]), startTime: m[2] ?? '' };
}

/**
 * Shell text that prints the start time of PID $1 (empty when it is gone): the same parse as
 * startTimeFromStat, for teardowns that run on the machine (over ssh too). `read`, not `cat`: no
 * process but the subshell that calls it.
 */
export const START_TIME_FUNCTION = `start_time() {
  { IFS= read -r s < "/proc/$1/stat"; } 2>/dev/null || return 0
  set -- \${s##*) }
  echo "\${20}"
}`;
