import type { Transport } from '../transport/types.ts';
import { describeStatus } from '../command/result.ts';
import { MountTable } from '../mountinfo/table.ts';
import { Sandbox, type SandboxOptions } from '../sandbox/sandbox.ts';
import { interruptedBy, whileOpen } from '../machine/registry.ts';
import { endBehind, takeSandbox } from '../sandbox/ahead.ts';
import { CommandLog, type ScenarioCommand } from './scenario-command.ts';
import { LastCommand } from './last-command.ts';
import { describePlace, SANDBOX, type Place } from './place.ts';
import { mainPid } from './process-lookup.ts';
import { formatIdentity, localIdentity } from '../sandbox/identity.ts';
import type { MountView } from './mount-view.ts';
import { TreeWatch, type StepPicture } from './tree-watch.ts';

/** What to trace besides the command itself. */
export interface RunOptions {
  /** Syscalls traced for this command only, on top of TRACED_SYSCALLS (e.g. openat). */
  readonly alsoTrace?: readonly string[];
  /**
   * A systemd service traced while the command runs (e.g. containerd, which starts the
   * processes of a `docker run`); its calls come after the command's own in ScenarioCommand.syscalls.
   */
  readonly service?: string;
}

/** "sandbox": namespaces of its own; "root namespace": the lab VM's own (@root-namespace). */
export type Home = 'sandbox' | 'root namespace';

/**
 * The API steps call, usable with or without Cucumber: run commands in the sandbox or in
 * windows, look at the mount table of a place, and expect things of the last command. The
 * sandbox is made on first use, so skipped scenarios cost nothing.
 */
export class Scenario {
  private sandboxPromise: Promise<Sandbox> | undefined;
  readonly commands = new CommandLog();
  private readonly noted = new Map<string, MountView>();
  /**
   * The main PIDs of units and containers looked up since the last command (`docker inspect`
   * alone takes about a second in the lab VM under TCG): a command may restart them, so every
   * command (and forgetReads) forgets them, and a PID whose mountinfo cannot be read any more is
   * looked up again.
   */
  private readonly mainPids = new Map<string, number>();
  /** The places used and tables read, for the tree pictures drawn after each step. */
  readonly trees = new TreeWatch();
  private readonly forgetCleanup: () => void;

  constructor(
    private readonly transport: Transport,
    private readonly options: SandboxOptions,
    readonly home: Home = 'sandbox',
    /** 'ahead': take a sandbox made while the previous scenario ran, and start the next (ahead.ts). */
    private readonly making: 'ahead' | 'on demand' = 'on demand',
  ) {
    this.forgetCleanup = whileOpen(async () => { await this.endNow(); }, () => this.made?.description);
  }

  /** The sandbox once made, for naming what an interrupted run leaves behind. */
  private made: Sandbox | undefined;

  sandbox(): Promise<Sandbox> {
    const signal = interruptedBy();
    if (signal !== undefined) return Promise.reject(new Error(`mountlab is ending (${signal}): no new sandbox`));
    this.sandboxPromise ??= (this.home === 'sandbox'
      ? (this.making === 'ahead' ? takeSandbox(this.transport, this.options, ownerIdentity()) : Sandbox.create(this.transport, this.options, ownerIdentity()))
      : Sandbox.inRootNamespace(this.transport, this.options)
    ).then(async (sandbox) => {
      this.made = sandbox;
      // The table before any command, so the first picture highlights what the first step mounted.
      await sandbox.mountTable().then((table) => { this.trees.baseline(SANDBOX, table); }, () => undefined);
      return sandbox;
    });
    return this.sandboxPromise;
  }

  get started(): boolean {
    return this.sandboxPromise !== undefined;
  }

  /** The last command, to expect things of; throws when none has run. */
  lastCommand(): LastCommand {
    return new LastCommand(this.commands);
  }

  async run(script: string, options: RunOptions = {}): Promise<ScenarioCommand> {
    this.assertPreviousChecked();
    const sandbox = await this.sandbox();
    this.willRun(SANDBOX, script);
    const run = this.commands.record(await withService(sandbox, options, () => sandbox.run(script, options.alsoTrace ?? [])));
    if (run.timedOut) {
      // The transport ended the command's whole process group; the step fails here, the scenario's cleanup still runs.
      throw new Error(`\`${script}\` in the sandbox did not finish: ${describeStatus(run)} (MOUNTLAB_COMMAND_TIMEOUT_MS), so mountlab ended it and every process it started\n${this.commands.history()}`);
    }
    return run;
  }

  /**
   * Has the first shells of these windows started now, while the scenario's earlier steps run
   * (Sandbox.prepareWindow); only in a suite run ('ahead'): in step and exercise mode a learner
   * would see the waiting shells in the sandbox.
   */
  prepareWindows(names: readonly string[]): void {
    if (names.length === 0 || this.making !== 'ahead') return;
    this.sandbox().then((sandbox) => { for (const name of names) sandbox.prepareWindow(name); }, () => undefined);
  }

  async openWindow(name: string, command: string): Promise<void> {
    this.assertPreviousChecked();
    const sandbox = await this.sandbox();
    this.willRun({ kind: 'window', name }, command);
    await sandbox.openWindow(name, command);
  }

  async runInWindow(name: string, command: string, options: RunOptions = {}): Promise<ScenarioCommand> {
    this.assertPreviousChecked();
    const sandbox = await this.sandbox();
    this.willRun({ kind: 'window', name }, command);
    return this.commands.record(await withService(sandbox, options, () => sandbox.runInWindow(name, command)));
  }

  /**
   * The mount table of a place: the sandbox, a window's current shell, or the main process of a
   * unit (PrivateTmp=, MountFlags=…), a runc container or a Docker container.
   */
  async view(place: Place = SANDBOX): Promise<MountView> {
    const { where, table } = await this.readTable(place);
    this.trees.read(place, table);
    return { where, table, history: this.commands.history() };
  }

  private async readTable(place: Place): Promise<{ where: string; table: MountTable }> {
    const sandbox = await this.sandbox();
    if (place.kind === 'sandbox') return { where: describePlace(place), table: await sandbox.mountTable() };
    if (place.kind === 'window') return { where: describePlace(place), table: await sandbox.window(place.name).mountTable() };
    const key = describePlace(place);
    let pid = this.mainPids.get(key);
    let mountinfo = pid === undefined ? undefined : await this.transport.readFile(`/proc/${pid}/mountinfo`).catch(() => undefined);
    if (pid === undefined || mountinfo === undefined) {
      pid = await mainPid(this.transport, sandbox.enterArgv(), place.kind, place.name);
      mountinfo = await this.transport.readFile(`/proc/${pid}/mountinfo`);
      this.mainPids.set(key, pid);
    }
    return { where: `${key} (PID ${pid})`, table: MountTable.parse(mountinfo) };
  }

  /** Before a command in `place`: the tree pictures note it, and main PIDs are looked up anew. */
  private willRun(place: Place, command: string): void {
    this.trees.use(place);
    this.trees.ran(command);
    this.mainPids.clear();
  }

  /**
   * The experiment's tree after a step (src/report/tree/): every place the scenario used, only the
   * paths its steps and commands named. Undefined when the step ran nothing since the last picture
   * and `reread` is not asked for (then nothing is read); else one table read per place at most,
   * none for a place a step already read after the last command. `reread` reads every place again
   * (after an interactive shell, which ran commands the scenario did not see). A place that cannot
   * be read any more (a unit that ended) is left out.
   */
  async treeAfterStep(stepTexts: readonly string[], options: { reread?: boolean; title?: string } = {}): Promise<StepPicture | undefined> {
    if (!this.started || (!this.trees.due && options.reread !== true)) {
      this.trees.noteTexts(stepTexts);
      return undefined;
    }
    const tables = await Promise.all(this.trees.placesToDraw().map(async ({ place, fresh }) => {
      if (fresh !== undefined && options.reread !== true) return [{ place, table: fresh }];
      return this.readTable(place).then(({ table }) => [{ place, table }], () => []);
    }));
    return this.trees.draw(stepTexts, tables.flat(), options.title ?? 'Mount trees');
  }

  /**
   * After commands the scenario did not run (a learner's own terminal in the workshop): the
   * sandbox's mount table and the units' and containers' main PIDs are read anew.
   */
  async forgetReads(): Promise<void> {
    this.mainPids.clear();
    (await this.sandbox()).forgetMountTable();
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
    return sandbox.window(name).sandboxPid();
  }

  /** Remembers a place's mount table now, to compare with later ("as noted"). */
  async note(place: Place = SANDBOX): Promise<MountView> {
    const view = await this.view(place);
    this.noted.set(describePlace(place), view);
    return view;
  }

  notedView(place: Place = SANDBOX): MountView {
    const view = this.noted.get(describePlace(place));
    if (view === undefined) {
      const where = place.kind === 'sandbox' ? '' : ` in ${describePlace(place)}`;
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

  /**
   * Ends the sandbox: a suite run's ('ahead') ends behind it while the next scenario runs
   * (`failedBehind` gets its teardown when that fails); any other waits until it is gone.
   */
  async end(failedBehind: (teardownScript: string) => void = () => undefined): Promise<void> {
    const sandbox = await this.sandboxPromise?.catch(() => undefined);
    if (sandbox !== undefined && this.making === 'ahead' && this.home === 'sandbox') {
      endBehind(sandbox, this.forgetCleanup, (s) => { failedBehind(s.teardownScript); });
    } else {
      await this.endNow();
    }
  }

  /** Ends the sandbox and waits until it is gone. */
  private async endNow(): Promise<void> {
    try {
      const sandbox = await this.sandboxPromise?.catch(() => undefined);
      await sandbox?.destroy();
    } finally {
      // only now: until the sandbox is gone, an interrupted run names it as left behind
      this.forgetCleanup();
    }
  }

  /** A failed command must be checked before the experiment goes on as if it had worked. */
  private assertPreviousChecked(): void {
    const message = this.commands.uncheckedFailure();
    if (message !== undefined) throw new Error(message);
  }
}

/** This mountlab process, "PID STARTTIME", as a sandbox's owner file records it; empty off Linux. */
function ownerIdentity(): string {
  const me = localIdentity(process.pid);
  return me === undefined ? '' : formatIdentity(me);
}

/** Runs `run`, with options.service traced alongside it when there is one. */
function withService(sandbox: Sandbox, options: RunOptions, run: () => Promise<ScenarioCommand>): Promise<ScenarioCommand> {
  return options.service === undefined ? run() : sandbox.withServiceTraced(options.service, options.alsoTrace ?? [], run);
}
