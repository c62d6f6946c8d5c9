import type { PtyChannel, Transport } from '../transport/types.ts';
import { MountTable } from '../mountinfo/table.ts';
import { DEFAULT_OUTPUT_CAP_BYTES } from '../command/output-cap.ts';
import { envArgv } from './environment.ts';
import { plainTerminalText } from './terminal-text.ts';
import { MarkerScanner, PROMPT_COMMAND, PS2, type TerminalEvent } from './terminal-markers.ts';
import { TypedCommand, type CommandOutcome } from './window-command.ts';
import { commandName, foregroundProcessGroup, namespacePids } from './proc-stat.ts';
import { attachTracer } from './attach-trace.ts';

/** How waiting for a typed command ends: its outcome, the terminal closing, or the time limit. */
type WaitOutcome = CommandOutcome | { readonly kind: 'closed'; readonly exitCode: number | null } | { readonly kind: 'timeout' };

/** The command that prints a typed command's end marker (its number and `$?` follow). */
const END_PRINTF = "printf '\\n__ML_%s_%s\\n'";

/**
 * The window's shells read each typed line whole from the terminal instead of through readline,
 * which reads it a byte per read(2), each a pair of strace stops (a 110-character command: 59-70 ms
 * with readline, 22-28 ms without, under strace -f on this project's machine). The first shell
 * starts with --noediting; a shell started in the window (`unshare -m bash`) runs this after the
 * READY marker typed ahead for it (in PROMPT_COMMAND it would not take: bash restores its input
 * after running it). Nobody edits these lines: a learner's shell is another PTY (workshop/shell.ts)
 * and keeps readline.
 */
const NO_LINE_EDITING = 'set +o emacs +o vi 2>/dev/null';

/**
 * Read whole, a typed line goes through the terminal's canonical mode, which holds at most 4095
 * bytes a line (Linux's N_TTY_BUF_SIZE, less the newline).
 */
const MAX_TYPED_LINE_BYTES = 4095;

/** How much of the window's latest output error messages show. */
const TAIL_CHARS = 2000;

/** Command names of the shells a window may have in its foreground. */
const SHELLS: ReadonlySet<string> = new Set(['bash', 'sh', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'busybox', 'fish']);

export interface WindowOptions {
  /** How long a window may take to show a shell again after its command. */
  readonly readyTimeoutMs: number;
  readonly commandTimeoutMs: number;
  /** Bytes kept of one command's output (MOUNTLAB_OUTPUT_CAP_BYTES); 16 MiB when absent. */
  readonly outputCapBytes?: number;
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
  readonly #scanner = new MarkerScanner();
  /** The latest output, for error messages; the whole stream is never kept. */
  #tail = '';
  readonly #transcriptLines: string[] = [];
  #sequence = 0;
  /** $SHLVL of the shell that showed the latest prompt. */
  #shellLevel: number | undefined = undefined;
  #pending: { readonly command: TypedCommand; readonly settle: (outcome: WaitOutcome) => void } | undefined;
  #exited: { exitCode: number | null } | undefined = undefined;
  #announcePid: ((pid: number) => void) | undefined;
  readonly #promptWaiters = new Set<() => void>();
  /** The PTY's first process (nsenter, or the shell) as the machine sees it; known once launch() has seen it. */
  #leaderPid = 0;
  /** How much of the window's trace file earlier commands took. */
  #traceTaken = 0;

  private constructor(
    private readonly transport: Transport,
    readonly name: string,
    private readonly pty: PtyChannel,
    private readonly options: WindowOptions,
    private readonly pidLevel: number,
    /** strace's output for everything that runs in this window once its start command's shell is up. */
    private readonly traceFile: string,
  ) {
    pty.onData((chunk) => { this.#receive(this.#scanner.feed(chunk)); });
    pty.onExit((exitCode) => {
      this.#receive(this.#scanner.flush());
      this.#exited = { exitCode };
      this.#pending?.settle({ kind: 'closed', exitCode });
    });
  }

  get leaderPid(): number {
    return this.#leaderPid;
  }

  /**
   * Starts the window's first shell without typing anything; `begin` then types its start command.
   * Nothing is traced yet: see `begin`. A scenario that will open the window can have this done
   * while its earlier steps run (Sandbox.prepareWindow).
   */
  static async launch(transport: Transport, sandbox: SandboxEntry, name: string, options: WindowOptions, traceFile: string): Promise<Window> {
    // PROMPT_COMMAND and PS2 mark prompts (see terminal-markers.ts); nested shells inherit them.
    const shell = [...envArgv([`PS1=${name}# `, `PROMPT_COMMAND=${PROMPT_COMMAND}`, `PS2=${PS2}`]), ...sandbox.enterArgv(), 'bash', '--norc', '--noprofile', '--noediting', '-i'];
    const argv = ['sh', '-c', 'stty -echo; echo "__ML_PID_$$"; exec "$@"', 'sh', ...shell];
    const pty = await transport.openPty(argv, { cols: 1000, rows: 50 });
    const window = new Window(transport, name, pty, options, sandbox.pidLevel, traceFile);
    window.#leaderPid = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        window.close();
        reject(new Error(`window "${name}" did not start within ${options.readyTimeoutMs} ms; it printed: ${window.#shown()}`));
      }, options.readyTimeoutMs);
      window.#announcePid = (pid) => { clearTimeout(timer); resolve(pid); };
      pty.onExit((code) => { clearTimeout(timer); reject(new Error(`window "${name}" exited (${String(code)}) as it started: ${window.#shown()}`)); });
    });
    return window;
  }

  /**
   * Types the window's start command (`unshare -m bash`) into its first shell, waits for the new
   * shell, and then puts that shell under one `strace -f` (attached, as a daemon is traced), so
   * that every process typed into the window from then on is traced without attaching per
   * command: `traceSinceLast` gives each command's lines. The first shell's start and the start
   * command's, which belong to no typed command, run untraced: under strace they cost about 70 ms
   * a window here (two bash, env, nsenter and unshare starting, each call a pair of stops) and
   * several times that on the lab VM under TCG. What is traced is the terminal's foreground
   * process and every process below it: the new shell, or a terminal proxy and the shell it
   * started (`script -c bash`; a `docker run -it` container's shell is containerd's child, not
   * the proxy's, and is not traced).
   */
  async begin(command: string): Promise<void> {
    await this.start(command);
    await attachTracer(this.transport, { pid: await this.foregroundPid(), what: `the shell of window "${this.name}"`, withDescendants: true }, this.traceFile);
  }

  /**
   * strace's lines for what ran in the window since the last call: a command's own calls, read
   * once its end marker has shown (strace writes each call's line before the call returns, so
   * the command's are all there). Whole lines only; the rest waits for the next call.
   */
  async traceSinceLast(): Promise<string> {
    const text = await this.transport.readFile(this.traceFile).catch(() => '');
    const end = text.lastIndexOf('\n') + 1;
    const taken = end > this.#traceTaken ? text.slice(this.#traceTaken, end) : '';
    this.#traceTaken = Math.max(this.#traceTaken, end);
    return taken;
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
   * before it is not mistaken for output) and an END printf carrying `$?`, which prints a newline
   * first: what the terminal shows between them is the command's output, to the last byte.
   *
   * READY (a command that starts a new shell): the END printf is typed ahead on the next line,
   * for the new shell to read and run once it is up (and turn line editing off: NO_LINE_EDITING);
   * the new shell's prompt stands before it and is dropped. DONE: the command is wrapped in
   * `{ …\n}` with the END printf after the brace, so the shell has read all of it before the
   * command starts; a command that reads the terminal (`docker run -ti`) cannot swallow the
   * marker typed ahead.
   *
   * It fails at once, saying why, when the shell the command was typed into exits (a prompt from
   * a shell below it, or the terminal closing) or asks for a line that was never typed (PS2).
   */
  private async type(command: string, kind: 'READY' | 'DONE', timeoutMs: number, what: string): Promise<{ output: string; status: number }> {
    if (this.#exited !== undefined) throw new Error(`window "${this.name}": the window's shell exited (exit ${String(this.#exited.exitCode)}) before "${command}" could be typed`);
    if (this.#pending !== undefined) throw new Error(`window "${this.name}": a command is still running there`);
    const n = this.#sequence + 1;
    const end = `${END_PRINTF} ${kind}${n} "$?"`;
    const typed = kind === 'READY'
      ? `printf '__ML_%s\\n' BEGIN${n}; ${command}\n${end}; ${NO_LINE_EDITING}\n`
      : `printf '__ML_%s\\n' BEGIN${n}; { ${command}\n}; ${end}\n`;
    const typedLines = typed.split('\n');
    const longest = Math.max(...typedLines.map((line) => Buffer.byteLength(line)));
    if (longest > MAX_TYPED_LINE_BYTES) throw new Error(`window "${this.name}": a line of "${command.slice(0, 80)}" is ${longest} bytes, and a window's shell reads a typed line whole from the terminal, which takes at most ${MAX_TYPED_LINE_BYTES}: split the command over several lines (a doc string), or run it in the sandbox with "When I run"`);
    this.#sequence = n;
    this.#transcriptLines.push(`${this.name}# ${command}`);
    // Continuation prompts the typed text asks for: one per line after the first; READY's last
    // line is read afresh (by the new shell, or by the same one once the command has ended).
    const lines = typedLines.length - 1;
    const typedCommand = new TypedCommand(n, kind, kind === 'DONE' ? lines - 1 : lines - 2, this.#shellLevel, this.options.outputCapBytes ?? DEFAULT_OUTPUT_CAP_BYTES);
    const outcome = await new Promise<WaitOutcome>((resolve) => {
      const timer = setTimeout(() => { settle({ kind: 'timeout' }); }, timeoutMs);
      const settle = (o: WaitOutcome): void => {
        clearTimeout(timer);
        this.#pending = undefined;
        resolve(o);
      };
      this.#pending = { command: typedCommand, settle };
      this.pty.write(typed);
    });
    if (outcome.kind === 'ended') {
      const printed = outcome.printed.replace(/\r\n/g, '\n');
      const output = withoutMarkerEcho(kind === 'READY' ? withoutPrompt(printed) : printed);
      this.#recordOutput(output);
      return { output, status: outcome.status };
    }
    if (outcome.kind === 'stuck' && outcome.reason === 'more input') await this.#interruptInput();
    throw new Error(this.#failure(command, what, timeoutMs, outcome));
  }

  /**
   * Ctrl-C makes the shell drop the unfinished lines; the window takes commands again once the
   * shell has shown its prompt (the terminal flushes input typed before that). bash with readline
   * (as the window's shells were read before NO_LINE_EDITING) lost a Ctrl-C that arrived just as it
   * showed PS2 (it printed ^C and waited on: about once in eight tries with bash 5.2), so Ctrl-C is
   * pressed again each second without a prompt, and after a second press the window waits until no
   * late prompt follows, so none lands in the next command.
   */
  async #interruptInput(): Promise<void> {
    const until = performance.now() + this.options.readyTimeoutMs;
    let presses = 0;
    for (;;) {
      const prompted = this.#nextPrompt(1000);
      this.pty.write('\x03');
      presses++;
      if (await prompted || performance.now() > until) break;
    }
    if (presses > 1) while (await this.#nextPrompt(500)) { /* a late prompt from an earlier press */ }
  }

  /** True at the next prompt a shell shows in this window; false after `timeoutMs` without one. */
  #nextPrompt(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (prompted: boolean): void => {
        clearTimeout(timer);
        this.#promptWaiters.delete(wake);
        resolve(prompted);
      };
      const wake = (): void => { done(true); };
      const timer = setTimeout(() => { done(false); }, timeoutMs);
      this.#promptWaiters.add(wake);
    });
  }

  #failure(command: string, what: string, timeoutMs: number, outcome: Exclude<WaitOutcome, { kind: 'ended' }>): string {
    const shows = `; the window shows:\n${this.#shown()}`;
    if (outcome.kind === 'timeout') return `window "${this.name}": waited ${timeoutMs} ms for "${command}" ${what}${shows}`;
    if (outcome.kind === 'closed') return `window "${this.name}": the window's shell exited (exit ${String(outcome.exitCode)}) while "${command}" ran, and the window closed${shows}`;
    if (outcome.reason === 'exited') return `window "${this.name}": the window's shell exited while "${command}" ran; the window is back in the shell it was started from${shows}`;
    return `window "${this.name}": the shell is waiting for more input (an unbalanced quote?) after "${command}"; mountlab pressed Ctrl-C to drop it${shows}`;
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
    return this.#transcriptLines.join('\n');
  }

  close(): void {
    this.pty.close();
  }

  #recordOutput(output: string): void {
    const text = plainTerminalText(output).replace(/\n$/, '');
    if (text !== '') this.#transcriptLines.push(text);
  }

  #receive(events: readonly TerminalEvent[]): void {
    for (const event of events) {
      if (event.kind === 'text') this.#tail = (this.#tail + event.text).slice(-TAIL_CHARS);
      else if (event.kind === 'prompt') {
        this.#shellLevel = event.level;
        for (const wake of [...this.#promptWaiters]) wake();
      }
      else if (event.kind === 'pid') this.#announcePid?.(event.pid);
      const pending = this.#pending;
      const outcome = pending?.command.take(event);
      if (pending !== undefined && outcome !== undefined) pending.settle(outcome);
    }
  }

  #shown(): string {
    return plainTerminalText(this.#tail);
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
