/**
 * Helpers of the fault drills: a lab run as a child (its own process group, as a terminal's
 * foreground job), a feature written to a temporary file, and the check that nothing of the
 * run is left. Other mountlab runs may share this computer, so "left" means this run's: its
 * sandbox's work directory (read from the traced command's strace line), every process naming
 * that directory or the drill's unique token, and mounts naming either.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { REPO } from '../suite/run-lab.ts';

export interface Run {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The temporary directories the drills made (features, report directories), removed when the test process exits. */
const made: string[] = [];
process.on('exit', () => { for (const dir of made) rmSync(dir, { recursive: true, force: true }); });

function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A token no other process on this computer has in its command line: `sleep 1000.NNNNNN`. */
export function token(): string {
  return `1000.${randomInt(100000, 999999)}`;
}

/** Writes a feature file with a scenario of these steps (and one more for each further list) and returns its path. */
export function feature(steps: readonly string[], ...more: readonly (readonly string[])[]): string {
  const dir = temporaryDir('drill-');
  const path = join(dir, 'drill.feature');
  const scenarios = [steps, ...more].map((s) => `  Scenario: drill\n${s.map((step) => `    ${step}\n`).join('')}`);
  writeFileSync(path, `Feature: drill\n${scenarios.join('')}`);
  return path;
}

/** Starts a program in the repository, detached (its own process group), collecting its output. */
export function start(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Run {
  const [program, ...args] = argv as [string, ...string[]];
  const child = spawn(program, args, { cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MOUNTLAB_REPORT_DIR: temporaryDir('drill-reports-'), ...env } });
  let text = '';
  child.stdout.on('data', (d: Buffer) => { text += d.toString('utf8'); });
  child.stderr.on('data', (d: Buffer) => { text += d.toString('utf8'); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close': once every process holding the output is done, not only the first (npm exits before its children)
    child.on('close', (code, signal) => { resolve({ code, signal }); });
  });
  return { child, output: () => text, exited };
}

/** `npm run lab -- --target local [OPTIONS] FEATURE`, as a user runs it. */
export function lab(featurePath: string, env: NodeJS.ProcessEnv = {}, options: readonly string[] = []): Run {
  return start(['npm', 'run', '--silent', 'lab', '--', '--target', 'local', ...options, featurePath], env);
}

/** Command lines of every process now, by PID. */
export function processes(): Map<number, string> {
  const found = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      found.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Waits until a process whose command line starts with `text` runs; returns its command line. */
export async function waitForProcess(text: string, timeoutMs = 60_000): Promise<string> {
  for (let waited = 0; waited < timeoutMs; waited += 100) {
    const hit = [...processes().values()].find((c) => c.startsWith(text));
    if (hit !== undefined) return hit;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no process with "${text}" appeared within ${timeoutMs} ms`);
}

/**
 * The work directory of the sandbox running `sleep TOKEN`, as a command or in a window: the
 * sandbox whose init (the launcher's child) shares the sleep's PID namespace.
 */
export async function sandboxDirOf(tok: string): Promise<string> {
  await waitForProcess(`sleep ${tok}`);
  const procs = processes();
  const sleeper = [...procs.entries()].find(([, c]) => c.startsWith(`sleep ${tok}`));
  if (sleeper === undefined) throw new Error(`"sleep ${tok}" is gone`);
  const ns = readlinkSync(`/proc/${sleeper[0]}/ns/pid`);
  for (const [pid, cmd] of procs) {
    const m = /mountlab-sandbox (\/tmp\/mountlab\.[A-Za-z0-9]{8})/.exec(cmd);
    if (m?.[1] === undefined || !cmd.startsWith('unshare')) continue;
    try {
      const init = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ')[0];
      if (readlinkSync(`/proc/${init}/ns/pid`) === ns) return m[1];
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`could not find the sandbox of "sleep ${tok}"`);
}

/** What is left of a run: processes naming its sandbox or token, the work directory, mounts naming either. */
export function leftovers(dir: string, tok: string): string[] {
  const left: string[] = [];
  for (const [pid, cmd] of processes()) {
    if (cmd.includes(dir) || cmd.includes(`sleep ${tok}`)) left.push(`process ${pid}: ${cmd.slice(0, 120)}`);
  }
  if (existsSync(dir)) left.push(`directory ${dir}`);
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    if (line.includes(dir)) left.push(`mount: ${line}`);
  }
  return left;
}

/** Waits until nothing of the run is left (teardown may finish a moment after the exit), or returns what is. */
export async function settle(dir: string, tok: string): Promise<string[]> {
  for (let waited = 0; waited < 15_000; waited += 100) {
    if (leftovers(dir, tok).length === 0) return [];
    await new Promise((r) => setTimeout(r, 100));
  }
  return leftovers(dir, tok);
}

/** Live qemu processes among the descendants of `rootPid`. */
export function qemuUnder(rootPid: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const under = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === rootPid) return true;
    return false;
  };
  return [...parent.keys()].filter((p) => under(p) && isLiveQemu(p));
}

/**
 * A live (not zombie) qemu process: argv[0] names qemu-system (its comm is renamed by
 * `-name …,process=`), so a PID reused by another program after qemu ended does not count.
 */
export function isLiveQemu(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return argv0.includes('qemu-system') && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Live qemu processes that forward this ssh port (qemu-command.ts: hostfwd=tcp:127.0.0.1:PORT-:22). */
export function qemuOnPort(port: string): number[] {
  return [...processes()].filter(([pid, cmd]) => cmd.includes(`hostfwd=tcp:127.0.0.1:${port}-`) && isLiveQemu(pid)).map(([pid]) => pid);
}
