// Peak memory for `npm run bench`, side by side with the time: a command run under GNU time (the
// `time` package; scripts/setup.sh installs it), whose %M is the largest resident set of the
// command and of every descendant it waited for (wait4's ru_maxrss, in KiB): for a mountlab run
// its cucumber Node process, or the lab VM's qemu; for a baseline script bash, strace or one of
// its commands. It is the largest single process, not the sum of those running at once.
import { spawnSync, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

export interface Measured {
  readonly result: SpawnSyncReturns<string>;
  /** The largest resident set of the command's process tree, KiB. */
  readonly peakKiB: number;
}

/**
 * The last line GNU time wrote with `-f %M`: before it, a line such as "Command exited with
 * non-zero status 1" or "Command terminated by signal 9" when the command did not succeed.
 */
export function peakFromTimeOutput(text: string): number {
  const last = text.trim().split('\n').at(-1) ?? '';
  if (!/^\d+$/.test(last)) throw new Error(`GNU time wrote no peak resident set size: ${JSON.stringify(text)}`);
  return Number(last);
}

/** spawnSync of `command args` under GNU time: its result, and its peak resident set size. */
export function spawnMeasured(command: string, args: readonly string[], options: SpawnSyncOptionsWithStringEncoding): Measured {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is missing: the bench measures peak memory with GNU time; install the "time" package (sh scripts/setup.sh lab does)`);
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-bench-memory-'));
  try {
    const out = join(dir, 'peak');
    const result = spawnSync(GNU_TIME, ['-f', '%M', '-o', out, command, ...args], options);
    return { result, peakKiB: peakFromTimeOutput(readFileSync(out, 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The peak resident set (VmHWM) of a running process of this computer, KiB; NaN once it is gone. */
export function processPeakKiB(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? Number.NaN : Number(m[1]);
  } catch {
    return Number.NaN;
  }
}

/** KiB as a person would write it: "143 MiB", "3.9 MiB". */
export function formatKiB(kib: number): string {
  if (Number.isNaN(kib)) return 'n/a';
  const mib = kib / 1024;
  return `${mib.toFixed(mib < 10 ? 1 : 0)} MiB`;
}
