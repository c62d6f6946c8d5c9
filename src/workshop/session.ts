import { ScenarioLifecycle } from '../scenario/lifecycle.ts';
import { stopMachine } from '../machine/registry.ts';
import type { TargetName } from '../drivers/target.ts';
import type { MountTable } from '../mountinfo/table.ts';
import type { ScenarioCommand } from '../scenario/scenario-command.ts';
import { pathsIn } from '../report/tree/index.ts';
import { StepDefinitions } from './steps.ts';
import type { WorkshopScenario, WorkshopStep } from './scenario-at.ts';

/** One namespace's mount table, labelled as the pictures label it. */
export interface LabelledTable {
  readonly label: string;
  readonly table: MountTable;
}

/** What one step did: the commands it ran, and the error it threw (a failed assertion), if any. */
export interface StepOutcome {
  readonly commands: readonly ScenarioCommand[];
  readonly error: string | undefined;
}

/**
 * One scenario driven by hand (step mode, exercise mode): its lifecycle, started and ended as
 * cucumber's hooks would (steps/support/hooks.ts), and a world on which the real step
 * definitions run. Trees are read from the sandbox and from each window's current shell.
 */
export class WorkshopSession {
  private constructor(
    readonly scenario: WorkshopScenario,
    private readonly lifecycle: ScenarioLifecycle,
    private readonly steps: StepDefinitions,
    private readonly world: unknown,
    /** Paths the scenario's steps and commands name: the part of the tree worth drawing. */
    readonly touched: readonly string[],
  ) {}

  static async start(scenario: WorkshopScenario, target: TargetName, progress: (line: string) => void): Promise<WorkshopSession> {
    const steps = await StepDefinitions.load();
    for (const step of scenario.pickle.steps) steps.definitionOf(step);
    const parameters = { target };
    const started = await ScenarioLifecycle.start(parameters, scenario.pickle, { progress, log: () => undefined, attach: () => undefined }, 'on demand');
    if ('skipped' in started) {
      await stopMachine();
      throw new Error(started.skipped);
    }
    const texts = scenario.pickle.steps.flatMap((s) => [s.text, s.argument?.docString?.content ?? '']);
    return new WorkshopSession(scenario, started, steps, steps.world(started, parameters), pathsIn(texts));
  }

  get target(): string {
    return this.lifecycle.machine.target.name;
  }

  /** Where the scenario runs, for the learner: the sandbox's init PID as the machine sees it. */
  async whereText(): Promise<string> {
    const sandbox = await this.lifecycle.scenario.sandbox();
    return this.lifecycle.scenario.home === 'sandbox' ? `sandbox: init PID ${sandbox.initPid} on ${this.target}` : `the root namespace of ${this.target} (@root-namespace)`;
  }

  isAboutLastCommand(step: WorkshopStep): boolean {
    return this.steps.isAboutLastCommand(step);
  }

  async run(step: WorkshopStep): Promise<StepOutcome> {
    const scenario = this.lifecycle.scenario;
    const before = scenario.commands.all.length;
    let error: string | undefined;
    try {
      await this.steps.run(step, this.world as never);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    return { commands: scenario.commands.all.slice(before), error };
  }

  /** The mount tables of the sandbox and of each window's current shell, now. */
  async tables(): Promise<LabelledTable[]> {
    const sandbox = await this.lifecycle.scenario.sandbox();
    const windows = await Promise.all(sandbox.allWindows().map(async (w) => ({ label: `window "${w.name}"`, table: await w.mountTable() })));
    return [{ label: 'the sandbox', table: await sandbox.mountTable() }, ...windows];
  }

  /** argv that starts a shell in the sandbox (no name) or in the namespaces of a window's shell. */
  async shellArgv(window: string | undefined, shell: readonly string[]): Promise<string[]> {
    const sandbox = await this.lifecycle.scenario.sandbox();
    if (window === undefined) return [...sandbox.enterArgv(), ...shell];
    const pid = await sandbox.window(window).shellPid();
    return ['nsenter', `--target=${pid}`, '--mount', '--pid', '--', ...shell];
  }

  /** A terminal for the learner; whatever they do there, the next tables are read anew. */
  async openPty(argv: readonly string[], size: { cols: number; rows: number }) {
    await this.lifecycle.scenario.forgetReads();
    return this.lifecycle.machine.transport.openPty(argv, size);
  }

  windowNames(): Promise<string[]> {
    return this.lifecycle.scenario.sandbox().then((s) => s.allWindows().map((w) => w.name));
  }

  /**
   * Ends the scenario as cucumber's After hook would (sandbox ended, leak check), then stops the
   * target. `passed` false: a failed command left unchecked (by quitting early) is not an error.
   */
  async end(passed: boolean): Promise<void> {
    try {
      await this.lifecycle.end(passed);
    } finally {
      await stopMachine();
    }
  }
}
