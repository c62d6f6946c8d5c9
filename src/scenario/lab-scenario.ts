import type { Transport } from '../transport/types.ts';
import { MountTable } from '../mountinfo/table.ts';
import { Sandbox, type SandboxOptions } from '../sandbox/sandbox.ts';
import { formatHistory, type LabRun } from './lab-run.ts';
import { whileOpen } from '../machine/registry.ts';
import { describeLabRun } from '../assert/describe-run.ts';
import { describeStatus } from '../command/result.ts';

/** A process started outside the scenario's windows: a systemd unit, a runc or a Docker container. */
export interface ProcessRef {
  readonly kind: ProcessKind;
  readonly name: string;
}

export type ProcessKind = 'unit' | 'container' | 'docker container';

/** How to find each kind's main process: the command that shows it, how to read the PID, how to start one. */
const PROCESS_LOOKUP: Readonly<Record<ProcessKind, { argv: (name: string) => string[]; pid: (shown: string) => number; start: (name: string) => string }>> = {
  unit: {
    argv: (name) => ['systemctl', 'show', '--property=MainPID', '--value', name],
    pid: (shown) => Number(shown),
    start: (name) => `When I run "systemd-run --unit=${name} -p PrivateTmp=yes sleep infinity"`,
  },
  container: {
    argv: (name) => ['runc', 'state', name],
    pid: (shown) => Number((/"pid":\s*(\d+)/.exec(shown) ?? [])[1]),
    start: (name) => `When I run "systemd-run --unit=${name} --working-directory=BUNDLE runc run ${name}"`,
  },
  'docker container': {
    argv: (name) => ['docker', 'inspect', '--format', '{{.State.Pid}}', name],
    pid: (shown) => Number(shown),
    start: (name) => `When I run "docker run -d --name ${name} ubuntu sleep 1000"`,
  },
};

/** What to trace besides the command itself. */
export interface RunOptions {
  /** Syscalls traced for this command only, on top of TRACED_SYSCALLS (e.g. openat). */
  readonly alsoTrace?: readonly string[];
  /**
   * A systemd service traced while the command runs (e.g. containerd, which starts the
   * processes of a `docker run`); its calls come after the command's own in LabRun.syscalls.
   */
  readonly service?: string;
}

/** A namespace whose mount table a step looks at: the scenario's host, or a window. */
export interface MountView {
  /** e.g. "the host namespace", 'window "other"'. */
  readonly where: string;
  readonly table: MountTable;
  /** The commands run so far, for failure messages. */
  readonly history: string;
}

/**
 * One scenario's experiment, usable with or without Cucumber: run commands in the scenario's
 * host namespace or in windows, and look at the mount tables the kernel shows. The sandbox is
 * made on first use, so skipped scenarios cost nothing.
 */
export class LabScenario {
  private sandboxPromise: Promise<Sandbox> | undefined;
  private readonly runs: LabRun[] = [];
  private readonly noted = new Map<string, MountView>();
  /** Runs whose outcome a step has checked (succeeds, fails, errno). */
  private readonly checked = new Set<LabRun>();
  private readonly forgetCleanup: () => void;

  constructor(
    private readonly transport: Transport,
    private readonly options: SandboxOptions,
    /** "sandbox": a namespace of its own; "machine": the lab VM's root namespace (@host-namespace). */
    private readonly placement: 'sandbox' | 'machine' = 'sandbox',
  ) {
    this.forgetCleanup = whileOpen(() => this.end());
  }

  sandbox(): Promise<Sandbox> {
    this.sandboxPromise ??= this.placement === 'sandbox'
      ? Sandbox.create(this.transport, this.options)
      : Sandbox.onMachine(this.transport, this.options);
    return this.sandboxPromise;
  }

  get started(): boolean {
    return this.sandboxPromise !== undefined;
  }

  get history(): readonly LabRun[] {
    return this.runs;
  }

  get lastRun(): LabRun {
    const last = this.runs.at(-1);
    if (last === undefined) throw new Error('no command has been run yet in this scenario: add a step such as When I run "mount --bind /tmp/a /tmp/b"');
    return last;
  }

  /** A step has looked at whether the last command succeeded or how it failed. */
  markChecked(run: LabRun): void {
    this.checked.add(run);
  }

  /**
   * A command that failed and that no step checked: the scenario went on as if it had worked.
   * Returns the sentence to fail the scenario with, or undefined.
   */
  uncheckedFailure(): string | undefined {
    const run = this.runs.find((r) => r.failed && !this.checked.has(r));
    if (run === undefined) return undefined;
    return `\`${run.command}\` failed (${describeStatus(run)}) and no step checked it: add "Then it fails" or "Then it fails with E…" after it, or fix the command.\n${describeLabRun(run)}\n${formatHistory(this.runs)}`;
  }

  async run(script: string, options: RunOptions = {}): Promise<LabRun> {
    this.assertPreviousChecked();
    const sandbox = await this.sandbox();
    return this.record(await withService(sandbox, options, () => sandbox.run(script, options.alsoTrace ?? [])));
  }

  async openWindow(name: string, command: string): Promise<void> {
    this.assertPreviousChecked();
    const sandbox = await this.sandbox();
    await sandbox.openWindow(name, command);
  }

  async runInWindow(name: string, command: string, options: RunOptions = {}): Promise<LabRun> {
    this.assertPreviousChecked();
    const sandbox = await this.sandbox();
    return this.record(await withService(sandbox, options, () => sandbox.runInWindow(name, command)));
  }

  /** The mount table of the host namespace (no window name) or of a window's current shell. */
  async view(windowName?: string): Promise<MountView> {
    const sandbox = await this.sandbox();
    const table = windowName === undefined ? await sandbox.mountTable() : await sandbox.window(windowName).mountTable();
    const where = windowName === undefined ? 'the host namespace' : `window "${windowName}"`;
    return { where, table, history: formatHistory(this.runs) };
  }

  /**
   * The mount namespace of a process the scenario started by other means than a window: a
   * systemd unit's main process (PrivateTmp=, MountFlags=…) or a runc container's init.
   */
  async processView(ref: ProcessRef): Promise<MountView> {
    const sandbox = await this.sandbox();
    const pid = await this.pidOf(sandbox, ref);
    const table = MountTable.parse(await this.transport.readFile(`/proc/${pid}/mountinfo`));
    return { where: `${ref.kind} "${ref.name}" (PID ${pid})`, table, history: formatHistory(this.runs) };
  }

  private async pidOf(sandbox: Sandbox, ref: ProcessRef): Promise<number> {
    const lookup = PROCESS_LOOKUP[ref.kind];
    const argv = ref.kind === 'unit' ? lookup.argv(ref.name) : [...sandbox.enterArgv(), ...lookup.argv(ref.name)];
    const shown = await this.transport.exec(argv, { timeoutMs: 30_000 });
    const text = shown.stdout.trim();
    const pid = lookup.pid(text);
    if (shown.failed || !Number.isInteger(pid) || pid <= 0) {
      const hint = `is it running? Start it detached, e.g. ${lookup.start(ref.name)}`;
      throw new Error(`${ref.kind} "${ref.name}" has no running process (${argv.join(' ')}: ${JSON.stringify(text)} ${shown.stderr.trim()}): ${hint}`);
    }
    return pid;
  }

  /** Lines of the machine's kernel log (dmesg) that match, e.g. an AppArmor denial's audit line. */
  async kernelLogLines(pattern: RegExp): Promise<string[]> {
    const log = await this.transport.exec(['dmesg'], { timeoutMs: 30_000 });
    if (log.failed) throw new Error(`could not read the kernel log: ${log.stderr.trim()}`);
    return log.stdout.split('\n').filter((l) => pattern.test(l));
  }

  /** The PID of a window's current shell in the sandbox's PID namespace. */
  async windowPid(name: string): Promise<number> {
    const sandbox = await this.sandbox();
    return sandbox.window(name).hostPid();
  }

  /** Remembers a namespace's mount table now, to compare with later ("as noted"). */
  async note(windowName?: string): Promise<MountView> {
    const view = await this.view(windowName);
    this.noted.set(windowName ?? '', view);
    return view;
  }

  notedView(windowName?: string): MountView {
    const view = this.noted.get(windowName ?? '');
    if (view === undefined) {
      const where = windowName === undefined ? '' : ` of window "${windowName}"`;
      throw new Error(`the mount table${where} was not noted: add "When I note the mount table${where}" before the commands`);
    }
    return view;
  }

  /** Transcripts of the windows, for reports. */
  async windowTranscripts(): Promise<{ name: string; transcript: string }[]> {
    if (this.sandboxPromise === undefined) return [];
    const sandbox = await this.sandboxPromise;
    return sandbox.allWindows().map((w) => ({ name: w.name, transcript: w.transcript() }));
  }

  /** The command that ends this scenario's sandbox, for when the connection to it was lost. */
  async teardownScript(): Promise<string | undefined> {
    if (this.sandboxPromise === undefined) return undefined;
    const sandbox = await this.sandboxPromise.catch(() => undefined);
    return sandbox?.teardownScript;
  }

  async end(): Promise<void> {
    this.forgetCleanup();
    if (this.sandboxPromise === undefined) return;
    const sandbox = await this.sandboxPromise.catch(() => undefined);
    await sandbox?.destroy();
  }

  /** A failed command must be checked before the experiment goes on as if it had worked. */
  private assertPreviousChecked(): void {
    const message = this.uncheckedFailure();
    if (message !== undefined) throw new Error(message);
  }

  private record(run: LabRun): LabRun {
    this.runs.push(run);
    return run;
  }
}

/** Runs `run`, with options.service traced alongside it when there is one. */
function withService(sandbox: Sandbox, options: RunOptions, run: () => Promise<LabRun>): Promise<LabRun> {
  return options.service === undefined ? run() : sandbox.withServiceTraced(options.service, options.alsoTrace ?? [], run);
}
