import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** tmux is there to drive a real terminal, and we are root (sandboxes need it). */
export const canDrive = spawnSync('tmux', ['-V']).status === 0 && process.getuid?.() === 0;

/**
 * A terminal driven like a person: a tmux server on a socket of its own (-L), one window running
 * `command`, keys sent with send-keys and the screen read with capture-pane. `end` kills this
 * server only (kill-server on its own socket).
 */
export class Terminal {
  private readonly socket = `mountlab-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(command: string, readonly cwd: string) {
    this.tmux('new-session', '-d', '-s', 'lab', '-x', '160', '-y', '50', '-c', cwd, command);
    // keep the pane after the command exits, to read its last words
    this.tmux('set-option', '-t', 'lab', 'remain-on-exit', 'on');
  }

  /** Types a line and presses Enter (send-keys -l: the text literally, then the Enter key). */
  type(line: string): void {
    this.tmux('send-keys', '-t', 'lab', '-l', line);
    this.tmux('send-keys', '-t', 'lab', 'Enter');
  }

  /** The whole screen and its scrollback, as text, less the empty rows below the cursor. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-t', 'lab', '-S', '-5000').trimEnd();
  }

  /** Waits until the screen after `from` (a length of an earlier screen) matches; returns that part. */
  async waitFor(pattern: RegExp, from: number, timeoutMs = 120_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const part = this.screen().slice(from);
      if (pattern.test(part)) return part;
      if (Date.now() > until) throw new Error(`the screen did not show ${String(pattern)} within ${timeoutMs} ms; it shows:\n${part}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  /** The PID of the pane's process (the shell running the command). */
  panePid(): number {
    return Number(this.tmux('display-message', '-p', '-t', 'lab', '#{pane_pid}').trim());
  }

  end(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }

  get serverGone(): boolean {
    return spawnSync('tmux', ['-L', this.socket, 'has-session']).status !== 0;
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }
}

/**
 * The work directory of a running sandbox, from the argv of its init's parent (launch.ts:
 * unshare … sh -c INIT mountlab-sandbox DIR; the init itself has exec'd `sleep infinity`).
 */
export function sandboxWorkDir(initPid: number): string {
  const parent = /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${initPid}/status`, 'utf8'))?.[1] ?? '';
  const argv = readFileSync(`/proc/${parent}/cmdline`, 'utf8').split('\0');
  const dir = argv[argv.indexOf('mountlab-sandbox') + 1];
  if (dir === undefined || !dir.startsWith('/tmp/mountlab.')) throw new Error(`PID ${initPid} is not a sandbox's init: ${argv.join(' ')}`);
  return dir;
}

export function gone(initPid: number, workDir: string): boolean {
  return !existsSync(`/proc/${initPid}`) && !existsSync(workDir);
}

/**
 * The command the terminal runs: `npm run lab` on a target, holding the build lock shared so no
 * lab image build (which mounts in the root namespace) runs meanwhile and trips the leak check.
 */
export function labCommand(mode: '--step' | '--exercise', location: string, target: 'local' | 'qemu' = 'local'): string {
  const lock = process.env.WORKSHOP_TEST_LOCK ?? 'flock -s /tmp/mountlab-build.lock';
  return `${lock} npm run lab -- --target ${target} ${mode} ${location}; echo "LAB EXITED $?"`;
}
