/**
 * Run directories: lab/build/<image>/runs/<pid>-<n>/ holds one qemu's overlay, console log, QMP
 * socket and owner.json ({ownerPid, qemuPid, keep}). reapOrphans() ends the qemu of a run whose
 * Node process died without cleaning up (SIGKILL, OOM), and only after checking that this PID's
 * command line names that very run directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OWNER_FILE = 'owner.json';
let sequence = 0;

export function runsDir(imageDir: string): string {
  return join(imageDir, 'runs');
}

export function newRunDir(imageDir: string): string {
  sequence += 1;
  return join(runsDir(imageDir), `${process.pid}-${sequence}-${Date.now().toString(36)}`);
}

/**
 * A directory only its owner may enter, whatever the umask (created with its missing parents):
 * a run's overlay and a RAM snapshot hold the VM's ssh host key, the QMP socket takes `migrate
 * exec:`, which runs commands as this user. Same modes as lab/image/private-files.sh.
 */
export async function privateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  await chmod(path, 0o700);
}

/** 0600 for a file that qemu or qemu-img created under the caller's umask. */
export function privateFile(path: string): Promise<void> {
  return chmod(path, 0o600);
}

/** A unix socket path in `dir`, or in a fresh /tmp directory when that would be too long (108 bytes). */
export async function socketPath(dir: string, name: string): Promise<string> {
  const p = join(dir, name);
  if (Buffer.byteLength(p) < 100) return p;
  return join(await mkdtemp(join(tmpdir(), 'mountlab-')), name);
}

/** Whether `pid` is a live process (a zombie, dead but not yet reaped by its parent, is not). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/PID/stat: "pid (comm) S ..."; the state follows the last ')'
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

export interface Reaped {
  readonly runDir: string;
  readonly killedPid: number | null;
}

/** Ends orphaned lab VMs of this image and removes their run directories; kept VMs stay. */
export async function reapOrphans(imageDir: string): Promise<Reaped[]> {
  const root = runsDir(imageDir);
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return [];
  }
  const reaped: Reaped[] = [];
  for (const name of entries) {
    const dir = join(root, name);
    const ownerFile = join(dir, OWNER_FILE);
    let owner: { ownerPid?: number; qemuPid?: number; keep?: boolean } = {};
    try {
      owner = JSON.parse(readFileSync(ownerFile, 'utf8')) as typeof owner;
    } catch {
      // no owner file: a run that never started qemu, or one being set up right now
      const pid = Number(name.split('-')[0]);
      if (existsSync(ownerFile) || (Number.isInteger(pid) && pidAlive(pid))) continue;
    }
    if (owner.ownerPid !== undefined && pidAlive(owner.ownerPid) && owner.ownerPid !== process.pid) continue;
    if (owner.ownerPid === process.pid) continue;
    const qemuPid = owner.qemuPid;
    const qemuUp = qemuPid !== undefined && pidAlive(qemuPid) && cmdlineOf(qemuPid).includes(dir);
    if (owner.keep === true && qemuUp) continue;
    let killedPid: number | null = null;
    if (qemuUp) {
      process.kill(qemuPid, 'SIGKILL');
      killedPid = qemuPid;
    }
    await rm(dir, { recursive: true, force: true });
    reaped.push({ runDir: dir, killedPid });
  }
  return reaped;
}
