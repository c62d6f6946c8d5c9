import type { PtyChannel, Transport } from '../transport/types.ts';
import { MountTable } from '../mountinfo/table.ts';
import { envArgv } from './environment.ts';
import { plainTerminalText } from './terminal-text.ts';
import { commandName, foregroundProcessGroup, namespacePids } from './proc-stat.ts';

/** The command that prints a typed command's end marker (its number and `$?` follow). */
const END_PRINTF = "printf '\\n__ML_%s_%s\\n'";

/** Command names of the shells a window may have in its foreground. */
const SHELLS: ReadonlySet<string> = new Set(['bash', 'sh', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'busybox', 'fish']);

export interface WindowOptions {
  /** How long a window may take to show a shell again after its command. */
  readonly readyTimeoutMs: number;
  readonly commandTimeoutMs: number;
}

export interface WindowRun {
  readonly command: string;
  readonly exitCode: number;
  /** What the command printed (stdout and stderr together: a terminal cannot tell them apart). */
  readonly output: string;
  readonly durationMs: number;
}

/** Where a window's shell enters the sandbox; see Sandbox.enterArgv and Sandbox.pidLevel. */
interface SandboxEntry {
  enterArgv(): string[];
  readonly pidLevel: number;
}

/**
 * A named terminal in the sandbox: a real PTY whose shell runs in the sandbox's namespaces, into
 * which commands are typed as a person would in "another window".
 *
 * Echo is switched off on the terminal before the shell starts (readline honours it too), so what
 * comes back is only what commands print; the transcript shows the typed lines itself. Numbered
 * markers printed before and after each typed command (see `type`) tell where its output starts,
 * when it has finished, and its exit status.
 */
export class Window {
  private raw = '';
  private readonly transcriptLines: string[] = [];
  private sequence = 0;
  private exited: number | null | undefined = undefined;
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly transport: Transport,
    readonly name: string,
    private readonly pty: PtyChannel,
    private readonly options: WindowOptions,
    /** The PTY's first process (nsenter) as the machine sees it. */
    readonly leaderPid: number,
    private readonly pidLevel: number,
  ) {}

  static async open(transport: Transport, sandbox: SandboxEntry, name: string, command: string, options: WindowOptions): Promise<Window> {
    const argv = [
      'sh', '-c', 'stty -echo; echo "__ML_PID_$$"; exec "$@"', 'sh',
      ...envArgv([`PS1=${name}# `]), ...sandbox.enterArgv(), 'bash', '--norc', '--noprofile', '-i',
    ];
    const pty = await transport.openPty(argv, { cols: 1000, rows: 50 });
    let raw = '';
    const pid = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`window "${name}" did not start within ${options.readyTimeoutMs} ms; it printed: ${plainTerminalText(raw)}`)); }, options.readyTimeoutMs);
      pty.onData((chunk) => {
        raw += chunk;
        const m = /__ML_PID_(\d+)/.exec(raw);
        if (m !== null) { clearTimeout(timer); resolve(Number(m[1])); }
      });
      pty.onExit((code) => { clearTimeout(timer); reject(new Error(`window "${name}" exited (${String(code)}) as it started: ${plainTerminalText(raw)}`)); });
    });
    const window = new Window(transport, name, pty, options, pid, sandbox.pidLevel);
    pty.onData((chunk) => { window.receive(chunk); });
    pty.onExit((code) => { window.exited = code; window.wake(); });
    await window.start(command);
    return window;
  }

  /** Types a command that keeps running (e.g. `unshare -m bash`) and waits for a shell prompt. */
  private async start(command: string): Promise<void> {
    const { output, status } = await this.type(command, 'READY', this.options.readyTimeoutMs, 'to show a shell prompt');
    // A new shell runs the READY marker with $? = 0; a non-zero status is the command's own: it
    // exited (an `unshare` refused, say) and left the window's first shell in its place.
    if (status !== 0) throw new Error(`window "${this.name}": "${command}" exited with status ${String(status)} before its shell was ready, so the window would run commands in its first shell instead; it printed:\n${output}`);
  }

  /** Types a command into the window's current shell and waits for it to finish. */
  async run(command: string): Promise<WindowRun> {
    const started = performance.now();
    const { output, status } = await this.type(command, 'DONE', this.options.commandTimeoutMs, 'to finish');
    return { command, exitCode: status, output, durationMs: performance.now() - started };
  }

  /**
   * Types `command` between two markers: a BEGIN printf on the same line (so the prompt printed
   * before it is not mistaken for output) and an END printf carrying `$?`. What the terminal shows
   * between them, less the prompt on the last line, is the command's output.
   *
   * READY (a command that starts a new shell): the END printf is typed ahead on the next line, for
   * the new shell to read and run once it is up. DONE: the command is wrapped in `{ …\n}` with the
   * END printf after the brace, so the shell has read all of it before the command starts; a
   * command that reads the terminal (`docker run -ti`) cannot swallow the marker typed ahead.
   */
  private async type(command: string, kind: 'READY' | 'DONE', timeoutMs: number, what: string): Promise<{ output: string; status: number }> {
    const n = ++this.sequence;
    this.transcriptLines.push(`${this.name}# ${command}`);
    const from = this.raw.length;
    const end = `${END_PRINTF} ${kind}${n} "$?"`;
    this.pty.write(kind === 'READY'
      ? `printf '__ML_%s\\n' BEGIN${n}; ${command}\n${end}\n`
      : `printf '__ML_%s\\n' BEGIN${n}; { ${command}\n}; ${end}\n`);
    const begin = new RegExp(`__ML_BEGIN${n}\\r?\\n`);
    const ending = new RegExp(`\\n__ML_${kind}${n}_(\\d+)\\r?\\n`);
    await this.waitFor((text) => ending.test(text.slice(from)), timeoutMs, `"${command}" ${what}`);
    const segment = this.raw.slice(from);
    const ended = ending.exec(segment);
    const begun = begin.exec(segment);
    if (ended === null || begun === null) throw new Error(`window "${this.name}": lost track of the output of "${command}"`);
    const output = withoutMarkerEcho(withoutPrompt(segment.slice(begun.index + begun[0].length, ended.index)));
    this.recordOutput(output);
    return { output, status: Number(ended[1]) };
  }

  /** PID (as the machine sees it) of the process now in the foreground of this window: usually its shell. */
  async foregroundPid(): Promise<number> {
    return foregroundProcessGroup(await this.transport.readFile(`/proc/${this.leaderPid}/stat`));
  }

  /**
   * PID of the shell now in the foreground of this window, for looking at its namespaces. A
   * terminal proxy in the foreground (`docker run -it`, `ssh`, `script`) runs the typed commands
   * in a shell of its own that this terminal does not know, so its namespaces would be the wrong
   * ones: that is an error, not a silent answer about the proxy.
   */
  async shellPid(): Promise<number> {
    const pid = await this.foregroundPid();
    const command = commandName(await this.transport.readFile(`/proc/${pid}/stat`));
    if (!SHELLS.has(command)) {
      throw new Error(`window "${this.name}": the process in its foreground is ${command} (PID ${pid}), not a shell, so the commands typed there run in a namespace mountlab cannot see from this terminal. For a container, start it detached and look with "in docker container NAME" (docker run -d --name NAME …) or "in container NAME" (runc).`);
    }
    return pid;
  }

  /**
   * The PID of the window's current shell as the sandbox sees it (what `nsenter -t PID` typed
   * in the sandbox needs): its NSpid entry at the sandbox's level.
   */
  async sandboxPid(): Promise<number> {
    const status = await this.transport.readFile(`/proc/${await this.shellPid()}/status`);
    const pid = namespacePids(status)[this.pidLevel];
    if (pid === undefined) throw new Error(`window "${this.name}": its shell is not in the sandbox's PID namespace`);
    return pid;
  }

  /** The mount table of the namespace the window's current shell is in. */
  async mountTable(): Promise<MountTable> {
    const pid = await this.shellPid();
    return MountTable.parse(await this.transport.readFile(`/proc/${pid}/mountinfo`));
  }

  /** What a person would have seen in this window: typed lines and what they printed. */
  transcript(): string {
    return this.transcriptLines.join('\n');
  }

  close(): void {
    this.pty.close();
  }

  private recordOutput(output: string): void {
    const text = plainTerminalText(output).replace(/\n$/, '');
    if (text !== '') this.transcriptLines.push(text);
  }

  private receive(chunk: string): void {
    this.raw += chunk;
    this.wake();
  }

  private wake(): void {
    for (const waiter of this.waiters) waiter();
  }

  private waitFor(done: (raw: string) => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (done(this.raw)) { finish(); resolve(); } else if (this.exited !== undefined) {
          finish();
          reject(new Error(`window "${this.name}" closed (exit ${String(this.exited)}) while waiting for ${what}; it showed:\n${this.transcript()}\n${plainTerminalText(this.raw.slice(-2000))}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`window "${this.name}": waited ${timeoutMs} ms for ${what}; the window shows:\n${plainTerminalText(this.raw.slice(-2000))}`));
      }, timeoutMs);
      const finish = (): void => { clearTimeout(timer); this.waiters.delete(check); };
      this.waiters.add(check);
      check();
    });
  }
}

/**
 * Drops the shell prompt that follows a command's output: the marker printf starts with a
 * newline, so whatever stands on the last line before it is the prompt (prompts have no newline).
 */
function withoutPrompt(printed: string): string {
  const text = printed.replace(/\r\n/g, '\n');
  const lastNewline = text.lastIndexOf('\n');
  return lastNewline === -1 ? '' : text.slice(0, lastNewline + 1);
}

/**
 * Drops lines that echo mountlab's own marker commands. A terminal proxy in the window (`docker
 * run -it`) has a terminal of its own with echo on, which shows the typed-ahead END printf.
 */
function withoutMarkerEcho(output: string): string {
  return output.split('\n').filter((line) => !line.includes(END_PRINTF)).join('\n');
}
