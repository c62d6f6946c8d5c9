import type { CommandResult } from '../command/result.ts';
import type { Transport } from '../transport/types.ts';
import { MountTable } from '../mountinfo/table.ts';
import { parseStrace, straceArgv, TRACED_SYSCALLS, type SyscallRecord } from '../errno/strace/index.ts';
import { traceWhile } from './attach-trace.ts';
import { launchArgv, teardownScript, WORK_DIR_TEMPLATE } from './launch.ts';
import { envArgv } from './environment.ts';
import { startTimeFromStat } from './identity.ts';
import { quoteWord } from '../shell/quote.ts';
import { Window, type WindowOptions } from './window.ts';
import { SandboxAgent } from './agent/agent.ts';
import type { AgentHome } from './agent/reply.ts';
import { rootAgentArgv, sandboxAgentArgv } from './agent/script.ts';

/** How long the agent's own teardown may take before a teardown process of its own is run. */
const AGENT_TEARDOWN_MS = 30_000;

/** A command run in the sandbox, with the syscalls strace saw it make. */
export interface TracedRun extends CommandResult {
  /** The command's own calls, then those of a service traced alongside it (withServiceTraced). */
  readonly syscalls: readonly SyscallRecord[];
  /** Where it ran: "sandbox" or a window's name. */
  readonly where: string;
}

export interface SandboxOptions {
  readonly commandTimeoutMs: number;
  readonly window: WindowOptions;
  /** How long a sandbox's start may take until its agent answers, before mountlab ends it; 60 s when absent. */
  readonly agentStartTimeoutMs?: number;
}

/** The namespaces a scenario's commands run in: its own sandbox's, or the machine's root namespace. */
interface Namespaces {
  /** PID (as the machine sees it) of a process in these namespaces. */
  readonly initPid: number;
  /** Outside the sandbox, on the machine: strace output lives here. */
  readonly workDir: string;
  /** Puts a process into these namespaces; empty for the root namespace. */
  readonly enter: readonly string[];
  /** Which NSpid entry is the PID in these namespaces' PID namespace (see Window.sandboxPid). */
  readonly pidLevel: number;
  /** Ends whatever the scenario left running there and removes the work directory. */
  readonly teardown: string;
}

/** The namespaces of a sandbox whose init is `initPid` (`stat`: its /proc/PID/stat line, for its identity). */
function sandboxNamespaces(initPid: number, stat: string, workDir: string): Namespaces {
  const startTime = startTimeFromStat(stat);
  if (startTime === undefined || initPid <= 1) throw new Error(`its init (PID ${initPid}) is gone`);
  const enter = ['nsenter', `--target=${initPid}`, '--mount', '--pid', '--'];
  return { initPid, workDir, enter, pidLevel: 1, teardown: teardownScript({ pid: initPid, startTime }, workDir) };
}

/** The machine's own root namespaces, with a work directory there. */
function rootNamespaces(workDir: string): Namespaces {
  return { initPid: 1, workDir, enter: [], pidLevel: 0, teardown: `rm -rf ${quoteWord(workDir)}` };
}

/**
 * A scenario's private piece of a machine: a new mount and PID namespace, cut off from the
 * machine's mounts, with fresh tmpfs on /tmp, /mnt, /srv and /var/tmp. It stands for "the host"
 * (or "window 1") of the documents; windows opened in it are the documents' "other windows".
 *
 * Scenarios tagged @root-namespace (systemd units, runc, AppArmor) need the lab VM's real root
 * namespace instead: `inRootNamespace` gives the same interface there, with no namespaces of
 * its own (so not a sandbox at all), and the VM is reset afterwards.
 */
export class Sandbox {
  private readonly windows = new Map<string, Window>();
  /** Windows whose first shell was started ahead (prepareWindow), by name, until they are opened. */
  private readonly preparedWindows = new Map<string, Promise<Window>>();
  private windowCount = 0;
  private commandCount = 0;
  private destroyed = false;
  private ending: Promise<void> | undefined;
  private agent: SandboxAgent | undefined;
  /** The mount table the agent read after the last command; dropped by anything else that runs. */
  private freshMountInfo: string | undefined;

  private constructor(
    private readonly transport: Transport,
    private readonly namespaces: Namespaces,
    private readonly options: SandboxOptions,
  ) {}

  /**
   * Starts an agent with `argv` (agent/script.ts), which makes the agent's home too, and gives it
   * the Sandbox `namespaces` makes of that home; undefined when mountlab runs commands without an
   * agent (MOUNTLAB_AGENT=0, a transport that cannot stream). A start that fails after the home
   * was made ends it: nothing is left behind by a sandbox that never reached its caller.
   */
  private static async withAgent(transport: Transport, options: SandboxOptions, argv: (nonce: string) => string[], namespaces: (home: AgentHome) => Namespaces): Promise<Sandbox | undefined> {
    if (process.env.MOUNTLAB_AGENT === '0') return undefined;
    let made: Sandbox | undefined;
    let unusable: string | undefined;
    // A home mountlab cannot use fails the start like any other reply it cannot read: the agent's
    // stdin is closed, and its start script removes the work directory once the helper reads that
    // (an init whose start time could not be read is left to the reaper; never seen: bash read
    // the same stat line).
    const started = await SandboxAgent.start(transport, argv, options.agentStartTimeoutMs, (home) => {
      try {
        made = new Sandbox(transport, namespaces(home), options);
      } catch (e) {
        unusable = `its start script named ${home.workDir} (PID ${home.pid}), which mountlab cannot use`;
        throw e;
      }
    }).catch(async (e: unknown) => {
      const why = e instanceof Error ? e.message : String(e);
      if (made === undefined) throw new Error(`${unusable ?? 'before it was made'}: ${why}`);
      await made.destroy().catch(() => undefined);
      throw new Error(`its agent did not start in ${made.description}, which mountlab ended: ${why}`);
    });
    if (started === undefined) return undefined;
    // the agent's first reply comes after its home (ReplyReader refuses one before)
    if (made === undefined) throw new Error('its start script named no sandbox');
    made.agent = started.agent;
    // the root namespace's table is the machine's, which a process other than the agent may change
    if (made.pidLevel > 0) made.freshMountInfo = started.mountinfo;
    return made;
  }

  get initPid(): number {
    return this.namespaces.initPid;
  }

  get pidLevel(): number {
    return this.namespaces.pidLevel;
  }

  /** Not a sandbox: the machine's own root namespaces, for @root-namespace scenarios on a disposable VM. */
  static async inRootNamespace(transport: Transport, options: SandboxOptions): Promise<Sandbox> {
    const failed = (why: string): Error => new Error(`could not start an agent in the root namespace of ${transport.description}: ${why}`);
    const withAgent = await Sandbox.withAgent(transport, options, rootAgentArgv, (home) => rootNamespaces(home.workDir))
      .catch((e: unknown) => { throw failed(e instanceof Error ? e.message : String(e)); });
    if (withAgent !== undefined) return withAgent;
    const made = await transport.exec(['mktemp', '-d', WORK_DIR_TEMPLATE], { timeoutMs: 30_000 });
    const workDir = made.stdout.trim();
    if (made.failed || workDir === '') throw new Error(`could not make a work directory on ${transport.description}: ${made.stderr}`);
    return new Sandbox(transport, rootNamespaces(workDir), options);
  }

  /**
   * `owner`: "PID STARTTIME" of the mountlab process, recorded for the local target's reaper.
   * The sandbox and its agent start in one process on the machine (`start`: sandboxAgentArgv;
   * a test passes a stand-in that fails on purpose); without an agent the sandbox is launched
   * alone (launchArgv).
   */
  static async create(transport: Transport, options: SandboxOptions, owner = '', start: (owner: string, nonce: string) => string[] = sandboxAgentArgv): Promise<Sandbox> {
    const failed = (why: string): Error => new Error(`could not start a sandbox on ${transport.description}: ${why}`);
    const withAgent = await Sandbox.withAgent(transport, options, (nonce) => start(owner, nonce), (home) => sandboxNamespaces(home.pid, home.stat, home.workDir))
      .catch((e: unknown) => { throw failed(e instanceof Error ? e.message : String(e)); });
    if (withAgent !== undefined) return withAgent;
    // longer than the launch's own 30 s for its init, so its message and cleanup come first
    const launched = await transport.exec(launchArgv(owner), { timeoutMs: 45_000 });
    if (launched.failed) throw failed(launched.stderr.trim() || launched.stdout.trim());
    const [workDir, pidText, stat] = launched.stdout.trim().split('\n');
    const initPid = Number(pidText);
    if (workDir === undefined || !Number.isInteger(initPid) || initPid <= 1) throw failed(`unexpected answer ${JSON.stringify(launched.stdout)}`);
    try {
      return new Sandbox(transport, sandboxNamespaces(initPid, stat ?? '', workDir), options);
    } catch (e) {
      throw failed(e instanceof Error ? e.message : String(e));
    }
  }

  /** argv prefix that puts a process into the sandbox's mount and PID namespaces. */
  enterArgv(): string[] {
    return [...this.namespaces.enter];
  }

  /**
   * Runs a shell script in the sandbox under strace: TRACED_SYSCALLS, plus
   * `alsoTrace` for this command only (e.g. openat, too common to trace always).
   */
  async run(script: string, alsoTrace: readonly string[] = []): Promise<TracedRun> {
    this.assertAlive();
    this.freshMountInfo = undefined;
    // The agent's strace traces a fixed list: a command that asks for more gets a strace of its own.
    if (this.agent !== undefined && alsoTrace.length === 0) {
      const r = await this.agent.run(script, this.options.commandTimeoutMs);
      if (this.namespaces.pidLevel > 0) this.freshMountInfo = r.mountinfo;
      const failed = r.timedOut || r.signal !== null || r.exitCode !== 0;
      return { command: script, exitCode: r.exitCode, signal: r.signal, stdout: r.stdout, stderr: r.stderr, durationMs: r.durationMs, failed, timedOut: r.timedOut, syscalls: r.syscalls, where: 'sandbox' };
    }
    const traceFile = `${this.namespaces.workDir}/trace.${++this.commandCount}`;
    const argv = [...envArgv(), ...straceArgv(traceFile, [...this.enterArgv(), 'bash', '-c', script], [...TRACED_SYSCALLS, ...alsoTrace])];
    const result = await this.transport.exec(argv, { timeoutMs: this.options.commandTimeoutMs });
    const trace = await this.transport.readFile(traceFile).catch(() => '');
    return { ...result, command: script, syscalls: parseStrace(trace, { allowCutShort: result.timedOut }).calls, where: 'sandbox' };
  }

  /** Something ran in the sandbox that mountlab did not run (a learner's shell): read the table anew. */
  forgetMountTable(): void {
    this.freshMountInfo = undefined;
  }

  /** The mount table of the sandbox. */
  async mountTable(): Promise<MountTable> {
    if (this.freshMountInfo !== undefined) return MountTable.parse(this.freshMountInfo);
    return MountTable.parse(await this.transport.readFile(`/proc/${this.initPid}/mountinfo`));
  }

  /**
   * Types a command into a window; the window's shell is traced once it is up (Window.begin), so
   * its errnos are known too. A terminal proxy in the window (docker run -it) is traced, but not the
   * shell it talks to: that one runs outside the window's processes.
   */
  async runInWindow(name: string, command: string): Promise<TracedRun> {
    this.assertAlive();
    this.freshMountInfo = undefined;
    const window = this.window(name);
    const r = await window.run(command);
    const syscalls = [...parseStrace(await window.traceSinceLast()).calls];
    return {
      command, where: name, exitCode: r.exitCode, signal: null, stdout: r.output, stderr: '',
      durationMs: r.durationMs, failed: r.exitCode !== 0, timedOut: false, syscalls,
    };
  }

  /**
   * Runs `body` (a command) with a systemd service's main process traced as well, and adds what
   * it saw to the command's syscalls. For work a daemon does on a command's behalf: `docker run`
   * only asks; the container's processes are forked by containerd (its shim, then runc), so the
   * mount calls they make are seen by tracing containerd, not the docker command.
   */
  async withServiceTraced(service: string, alsoTrace: readonly string[], body: () => Promise<TracedRun>): Promise<TracedRun> {
    this.assertAlive();
    this.freshMountInfo = undefined;
    const unit = service.includes('.') ? service : `${service}.service`;
    const shown = await this.transport.exec(['systemctl', 'show', '--property=MainPID', '--value', unit], { timeoutMs: 30_000 });
    const pid = Number(shown.stdout.trim());
    if (shown.failed || !Number.isInteger(pid) || pid <= 0) {
      throw new Error(`cannot trace ${unit}: it has no running main process on ${this.transport.description} (systemctl show: ${JSON.stringify(shown.stdout.trim())} ${shown.stderr.trim().replace(/\s*\n\s*/g, ' ')}); is it installed and started? (the lab image has containerd.service and docker.service)`);
    }
    const traceFile = `${this.namespaces.workDir}/trace.${++this.commandCount}.${unit}`;
    const { value: run, syscalls } = await traceWhile(this.transport, { pid, what: unit, alsoTrace }, traceFile, body);
    return { ...run, syscalls: [...run.syscalls, ...syscalls] };
  }

  async openWindow(name: string, command: string): Promise<Window> {
    this.assertAlive();
    this.freshMountInfo = undefined;
    if (this.windows.has(name)) throw new Error(`a window named "${name}" is already open in this scenario`);
    const prepared = this.preparedWindows.get(name);
    this.preparedWindows.delete(name);
    const window = await prepared?.catch(() => undefined) ?? await this.launchWindow(name);
    this.windows.set(name, window);
    await window.begin(command).catch((e: unknown) => {
      this.windows.delete(name);
      window.close();
      throw e;
    });
    return window;
  }

  /**
   * Starts the first shell of a window the scenario will open (nsenter and bash: most of
   * what opening a window costs), so that openWindow only types its start command. Nothing is
   * typed and nothing runs in the sandbox's mount namespace but that shell; a launch that fails is
   * tried again by openWindow, which then reports its error.
   */
  prepareWindow(name: string): void {
    if (this.destroyed || this.windows.has(name) || this.preparedWindows.has(name)) return;
    const launching = this.launchWindow(name);
    launching.catch(() => undefined);
    this.preparedWindows.set(name, launching);
  }

  private launchWindow(name: string): Promise<Window> {
    return Window.launch(this.transport, this, name, this.options.window, `${this.namespaces.workDir}/window.${++this.windowCount}.trace`);
  }

  window(name: string): Window {
    const window = this.windows.get(name);
    if (window === undefined) {
      const open = [...this.windows.keys()].map((n) => `"${n}"`).join(', ') || 'none';
      throw new Error(`no window named "${name}" in this scenario (open windows: ${open}); open one with: Given a window "${name}" running "unshare -m bash"`);
    }
    return window;
  }

  allWindows(): readonly Window[] {
    return [...this.windows.values()];
  }

  /** For messages about what is left: "the sandbox /tmp/mountlab.X (init PID 123)". */
  get description(): string {
    return `the sandbox ${this.namespaces.workDir} (init PID ${this.initPid})`;
  }

  /** The shell text that ends this sandbox; run it over a new connection if the old one was lost. */
  get teardownScript(): string {
    return this.namespaces.teardown;
  }

  /**
   * Ends every process of the sandbox and removes its work directory. Safe to call again: a
   * second call waits for the first, or tries again when the first failed (a teardown killed by
   * Ctrl-C is run again by the cleanup; it kills the init only by identity, so it can repeat).
   */
  destroy(): Promise<void> {
    this.ending ??= this.end().catch((e: unknown) => {
      this.ending = undefined;
      throw e;
    });
    return this.ending;
  }

  private async end(): Promise<void> {
    this.destroyed = true;
    // The agent's start script runs the teardown once the agent ends; without an agent, or when
    // that did not work (the agent died, Ctrl-C reached it), a process of its own runs it.
    // The windows' terminals are hung up after the sandbox is ended, not before: a shell hung up
    // while its PID namespace was being killed made the teardown take 1-2 s instead of 50 ms.
    try {
      if (this.agent !== undefined && await this.agent.end(AGENT_TEARDOWN_MS)) return;
      const result = await this.transport.exec(['sh', '-c', this.namespaces.teardown], { timeoutMs: 30_000 });
      if (result.failed) throw new Error(`could not end sandbox (init PID ${this.initPid}): ${result.stderr.trim()}`);
    } finally {
      for (const window of this.windows.values()) window.close();
      for (const prepared of this.preparedWindows.values()) void prepared.then((w) => { w.close(); }, () => undefined);
    }
  }

  private assertAlive(): void {
    if (this.destroyed) throw new Error('this sandbox has already been ended');
  }
}
