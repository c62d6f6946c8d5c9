import type { Machine } from '../machine/machine.ts';
import { machineFor } from '../machine/registry.ts';
import { isRootNamespaceTag, skipReason } from '../runtime/tag-rules.ts';
import { vocabularyErrors } from '../runtime/vocabulary.ts';
import { diffMountInfo, formatMountDiff, isEmptyDiff, type MountTableDiff } from '../runtime/mount-diff.ts';
import { attributeMountChanges } from '../runtime/mount-attribution.ts';
import { describeCapabilities } from '../machine/capabilities.ts';
import { scenarioReport } from '../report/scenario-report.ts';
import { Scenario } from './scenario.ts';
import { sandboxesEndedBehind, takeEndFailures } from '../sandbox/ahead.ts';
import { promptFor, type ScenarioCommand } from './scenario-command.ts';
import { windowsOpenedBy } from './windows-ahead.ts';

/** What the lifecycle needs of a Gherkin step (cucumber's pickle step): its text, doc string and table. */
export interface StepSource {
  readonly text: string;
  readonly argument?: { readonly docString?: { readonly content: string }; readonly dataTable?: { readonly rows: readonly { readonly cells: readonly { readonly value: string }[] }[] } };
}

/** What the lifecycle needs of a Gherkin scenario (cucumber's pickle). */
export interface ScenarioSource {
  readonly tags: readonly { readonly name: string }[];
  readonly steps: readonly StepSource[];
}

/** Where the lifecycle writes: progress lines (stderr), and the scenario's report (log lines, attachments: text/plain unless said). */
export interface LifecycleOutput {
  readonly progress: (line: string) => void;
  readonly log: (text: string) => void;
  readonly attach: (text: string, mediaType?: string) => void;
}

/** The texts of a step that may name paths: its text, its doc string, its table's cells. */
export function stepTexts(step: StepSource): string[] {
  const cells = step.argument?.dataTable?.rows.flatMap((r) => r.cells.map((c) => c.value)) ?? [];
  return [step.text, ...(step.argument?.docString === undefined ? [] : [step.argument.docString.content]), ...cells];
}

/**
 * One scenario from start to end. `start` checks its wording, gets the machine, skips it when its
 * tags ask for what the machine lacks, and gives it a sandbox (or, for @root-namespace, the lab
 * VM's root namespace). `end` attaches the report, ends the sandbox, then fails the scenario when
 * the machine was lost, a failed command went unchecked, or the machine's own mount table changed;
 * a root-namespace scenario instead puts the VM back to its snapshot.
 */
export class ScenarioLifecycle {
  /** How many of the scenario's commands have had their output attached to their step. */
  private printed = 0;

  private constructor(
    readonly machine: Machine,
    readonly scenario: Scenario,
    /** The machine's own mount table before a sandbox scenario; null in the root namespace, which a reset puts back instead. */
    private readonly rootMountInfoBefore: string | null,
    private readonly out: LifecycleOutput,
  ) {}

  /**
   * The lifecycle of a scenario that runs, or why it is skipped. `making`: a suite run takes a
   * sandbox made while the previous scenario ran ('ahead'); a run of one scenario (step and
   * exercise mode) makes its own when asked ('on demand'), so no spare sandbox outlives it.
   */
  static async start(worldParameters: Readonly<Record<string, unknown>>, source: ScenarioSource, out: LifecycleOutput, making: 'ahead' | 'on demand' = 'ahead'): Promise<ScenarioLifecycle | { skipped: string }> {
    const texts = source.steps.map((s) => s.text);
    const errors = vocabularyErrors(texts);
    if (errors.length > 0) throw new Error(errors.join('\n'));
    const { machine, settings } = await machineFor(worldParameters, out.progress);
    await machine.ensureUsable(out.progress);
    const tags = source.tags.map((t) => t.name);
    const reason = skipReason(tags, machine.capabilities);
    if (reason !== undefined) return { skipped: `Skipped on ${machine.target.name} (kernel ${machine.capabilities.kernelRelease}): ${reason}` };
    // The root namespace is the experiment's own: no sandbox of an earlier scenario still dying there,
    // and none on the connection a reset after it replaces.
    const inRootNamespace = tags.some(isRootNamespaceTag);
    if (inRootNamespace) {
      // a suite run's next scenario follows at once; step and exercise mode end with this one
      if (making === 'ahead') machine.prepareReset();
      await sandboxesEndedBehind();
    }
    // Every scenario's report names where it ran: target, image and kernel.
    out.log(`${machine.target.name}: ${describeCapabilities(machine.capabilities)}`);
    const scenario = new Scenario(machine.transport, {
      commandTimeoutMs: settings.commandTimeoutMs,
      window: { readyTimeoutMs: settings.windowReadyTimeoutMs, commandTimeoutMs: settings.commandTimeoutMs, outputCapBytes: settings.outputCapBytes },
    }, inRootNamespace ? 'root namespace' : 'sandbox', making);
    // The leak check's "before": not for a root-namespace scenario, whose end resets the VM instead.
    const lifecycle = new ScenarioLifecycle(machine, scenario, inRootNamespace ? null : await machine.rootMountInfo(), out);
    // Only now: from here the After hook ends the sandbox this makes.
    scenario.prepareWindows(windowsOpenedBy(texts));
    return lifecycle;
  }

  /** Why the machine went away, for a step that failed because of it (qemu's exit and console tail). */
  lostReason(): Promise<string | undefined> {
    return this.machine.settledLostReason();
  }

  /**
   * After each step: what its commands printed (text/plain, one attachment per command) and, when
   * the step changed the experiment's tree, its picture (image/svg+xml), both on the step itself
   * so the HTML report and the handout show them there. A step that failed because the machine
   * went away says why instead.
   */
  async afterStep(step: StepSource, failed: boolean): Promise<void> {
    const lost = failed ? await this.lostReason() : undefined;
    if (lost !== undefined) {
      this.out.attach(`target lost: ${lost}`);
      return;
    }
    const commands = this.scenario.commands.all;
    for (const c of commands.slice(this.printed)) {
      const text = printedText(c);
      if (text !== undefined) this.out.attach(text);
    }
    this.printed = commands.length;
    // A picture that cannot be drawn is reported, not a reason to fail the experiment's step.
    const drawn = await this.scenario.treeAfterStep(stepTexts(step), { title: `Mount trees after: ${step.text}` }).catch((e: unknown) => {
      this.out.attach(`could not draw the mount trees after this step: ${String(e)}`);
      return undefined;
    });
    if (drawn?.changed === true) this.out.attach(drawn.svg, 'image/svg+xml');
  }

  /** Ends the scenario; throws the sentence that fails it, if anything went wrong. */
  async end(passed: boolean): Promise<void> {
    const lost = await this.lostReason();
    if (lost !== undefined) {
      const teardown = await this.scenario.teardownScript();
      if (teardown !== undefined) this.machine.rememberOrphan(teardown);
      throw new Error(`the ${this.machine.target.name} target was lost during this scenario: ${lost}`);
    }
    this.out.attach(await scenarioReport(this.scenario).catch((e: unknown) => `could not collect the scenario's report: ${String(e)}`));
    // A teardown that failed in the background is replayed after a reconnect (ensureUsable).
    await this.scenario.end((teardown) => { this.machine.rememberOrphan(teardown); });
    const unchecked = passed ? this.scenario.commands.uncheckedFailure() : undefined;
    if (this.rootMountInfoBefore === null) {
      // A root-namespace scenario changed the VM's own root namespace on purpose: put the VM back.
      await this.machine.reset(this.out.progress);
    } else {
      this.checkRootNamespace(diffMountInfo(this.rootMountInfoBefore, await this.machine.rootMountInfo()));
    }
    if (unchecked !== undefined) throw new Error(unchecked);
    // An earlier scenario's sandbox, ended behind it, is reported by the first scenario to end after.
    const notEnded = takeEndFailures();
    if (notEnded.length > 0) throw new Error(`the sandbox of an earlier scenario could not be ended (this scenario itself is not at fault):\n${notEnded.join('\n')}`);
  }

  /**
   * The leak check: the machine's own mount table may change while the scenario runs (Docker,
   * automounts, another build); only changes the scenario's traced mount calls explain fail it
   * (mount-attribution.ts). The rest is reported as the machine's own activity.
   */
  private checkRootNamespace(diff: MountTableDiff): void {
    if (isEmptyDiff(diff)) return;
    const { scenario, machine } = attributeMountChanges(diff, this.scenario.commands.all.flatMap((c) => c.syscalls));
    const target = this.machine.target.name;
    if (!isEmptyDiff(machine)) {
      this.out.log(`the ${target} target's own mount table changed during this scenario, not by the scenario's commands (the machine's own activity, not a failure):\n${formatMountDiff(machine)}`);
    }
    if (!isEmptyDiff(scenario)) {
      throw new Error(`this scenario changed the ${target} target's own mount table (it must not: experiments run in a sandbox; a successful mount call of the scenario names these mount points):\n${formatMountDiff(scenario)}`);
    }
  }
}

/**
 * A command as a terminal showed it: the prompt ("sandbox#", "other#") and command, then what it
 * printed; undefined when it printed nothing (the step's own text already shows the command).
 */
function printedText(c: ScenarioCommand): string | undefined {
  const output = [c.stdout, c.stderr].map((t) => t.replace(/\n$/, '')).filter((t) => t !== '');
  return output.length === 0 ? undefined : [`${promptFor(c.where)} ${c.command}`, ...output].join('\n');
}
