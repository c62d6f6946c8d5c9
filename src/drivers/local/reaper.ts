/**
 * The local target's reaper, as the qemu target has one (src/drivers/qemu/reaper.ts, runs.ts): a
 * run starts by ending the sandboxes a killed run left on this computer, with their traces and
 * work directories. Only what is provably mountlab's and orphaned:
 * - a sandbox is found by its launcher, `unshare … mountlab-sandbox /tmp/mountlab.XXXXXXXX`
 *   (launch.ts), whose child is the sandbox's init;
 * - its work directory's `owner` file names the mountlab process that made it ("PID STARTTIME");
 *   the sandbox is ended only when that process is gone (no process with that PID and start
 *   time). Without an owner file (another mountlab version, a launch under way) it stays, unless
 *   it is empty (at most an empty `owner`) and a minute old: a launch writes its owner file right
 *   after mktemp, so that is a start stopped in between (Ctrl-C within milliseconds of it).
 * Ending the init (PID 1 of the sandbox's PID namespace) ends every process in it: commands,
 * windows' shells, and so the `strace -p` tracing them.
 */
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { SANDBOX_MARKER, WORK_DIR } from '../../sandbox/launch.ts';
import { isRunning, localIdentity, parseIdentity, type ProcessIdentity } from '../../sandbox/identity.ts';

export interface ReapedSandbox {
  readonly workDir: string;
  /** The init ended, or null when only the directory was left. */
  readonly init: number | null;
  /** The mountlab process that made it, or null for an empty directory a start left before naming it. */
  readonly owner: ProcessIdentity | null;
}

/** How old an empty work directory without an owner must be before it counts as abandoned. */
export const ABANDONED_EMPTY_MS = 60_000;

/** Launchers of sandboxes running now: work directory → the launcher's PID. */
export function runningSandboxes(): Map<string, number> {
  const found = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const at = argv.indexOf(SANDBOX_MARKER);
    const dir = argv[at + 1];
    if (at > 0 && (argv[0] ?? '').endsWith('unshare') && dir !== undefined && WORK_DIR.test(dir)) found.set(dir, Number(entry));
  }
  return found;
}

/** The owner a work directory records, if any. */
function ownerOf(workDir: string): ProcessIdentity | undefined {
  try {
    return parseIdentity(readFileSync(`${workDir}/owner`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Ends orphaned sandboxes and removes orphaned work directories; returns what it removed. */
export async function reapLocalSandboxes(): Promise<ReapedSandbox[]> {
  const launchers = runningSandboxes();
  const dirs = readdirSync('/tmp').map((n) => `/tmp/${n}`).filter((d) => WORK_DIR.test(d));
  const reaped: ReapedSandbox[] = [];
  for (const workDir of new Set([...dirs, ...launchers.keys()])) {
    const owner = ownerOf(workDir);
    if (owner === undefined) {
      if (!launchers.has(workDir) && removeIfAbandonedEmpty(workDir)) reaped.push({ workDir, init: null, owner: null });
      continue;
    }
    if (isRunning(owner)) continue;
    const launcher = launchers.get(workDir);
    const init = launcher === undefined ? null : await endSandbox(launcher);
    rmSync(workDir, { recursive: true, force: true });
    reaped.push({ workDir, init, owner });
  }
  return reaped;
}

/**
 * Removes a work directory holding nothing but, at most, an empty `owner` file, last changed
 * ABANDONED_EMPTY_MS ago or more; true when it did. rmdir removes only an empty directory, so
 * one a late start has just written to stays.
 */
function removeIfAbandonedEmpty(workDir: string): boolean {
  try {
    if (Date.now() - statSync(workDir).mtimeMs < ABANDONED_EMPTY_MS) return false;
    const entries = readdirSync(workDir);
    if (entries.length > 1 || (entries.length === 1 && (entries[0] !== 'owner' || statSync(`${workDir}/owner`).size > 0))) return false;
    if (entries.length === 1) unlinkSync(`${workDir}/owner`);
    rmdirSync(workDir);
    return true;
  } catch {
    return false; // gone meanwhile, or written to: not abandoned
  }
}

/** Kills the launcher's child (the init) by identity, then waits for the launcher to exit. */
async function endSandbox(launcher: number): Promise<number | null> {
  const launcherId = localIdentity(launcher);
  let init: ProcessIdentity | undefined;
  try {
    const child = Number(readFileSync(`/proc/${launcher}/task/${launcher}/children`, 'utf8').trim().split(' ')[0]);
    init = Number.isInteger(child) && child > 1 ? localIdentity(child) : undefined;
  } catch {
    // the launcher is already gone
  }
  if (init !== undefined) {
    try {
      process.kill(init.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  for (let waited = 0; launcherId !== undefined && isRunning(launcherId) && existsSync(`/proc/${launcher}`) && waited < 5000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return init?.pid ?? null;
}

/** The sentence a run prints for what it removed. */
export function describeReaped(r: ReapedSandbox): string {
  if (r.owner === null) return `removed the empty work directory ${r.workDir} left by a sandbox start stopped before it named its owner`;
  const what = r.init === null ? 'the work directory' : `the sandbox (init PID ${r.init}) and its work directory`;
  return `removed ${what} ${r.workDir} left by a mountlab run that is gone (PID ${r.owner.pid})`;
}
