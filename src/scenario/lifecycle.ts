import type { Machine } from '../machine/machine.ts';
import { machineFor } from '../machine/registry.ts';
import { isRootNamespaceTag, skipReason } from '../runtime/tag-rules.ts';
import { vocabularyErrors } from '../runtime/vocabulary.ts';
import { diffMountInfo, formatMountDiff, isEmptyDiff, type MountTableDiff } from '../runtime/mount-diff.ts';
import { attributeMountChanges } from '../runtime/mount-attribution.ts';
import { describeCapabilities } from '../machine/capabilities.ts';
import { scenarioReport } from '../report/scenario-report.ts';
import { Scenario } from './scenario.ts';

/** What the lifecycle needs of a Gherkin scenario (cucumber's pickle). */
export interface ScenarioSource {
  readonly tags: readonly { readonly name: string }[];
  readonly steps: readonly { readonly text: string }[];
}

/** Where the lifecycle writes: progress lines (stderr), and the scenario's report (log lines, attachments). */
export interface LifecycleOutput {
  readonly progress: (line: string) => void;
  readonly log: (text: string) => void;
  readonly attach: (text: string) => void;
}

/**
 * One scenario from start to end. `start` checks its wording, gets the machine, skips it when its
 * tags ask for what the machine lacks, and gives it a sandbox (or, for @root-namespace, the lab
 * VM's root namespace). `end` attaches the report, ends the sandbox, then fails the scenario when
 * the machine was lost, a failed command went unchecked, or the machine's own mount table changed;
 * a root-namespace scenario instead puts the VM back to its snapshot.
 */
export class ScenarioLifecycle {
  private constructor(
    readonly machine: Machine,
    readonly scenario: Scenario,
    private readonly rootMountInfoBefore: string,
    private readonly out: LifecycleOutput,
  ) {}

  /** The lifecycle of a scenario that runs, or why it is skipped. */
  static async start(worldParameters: Readonly<Record<string, unknown>>, source: ScenarioSource, out: LifecycleOutput): Promise<ScenarioLifecycle | { skipped: string }> {
    const errors = vocabularyErrors(source.steps.map((s) => s.text));
    if (errors.length > 0) throw new Error(errors.join('\n'));
    const { machine, settings } = await machineFor(worldParameters, out.progress);
    await machine.ensureUsable(out.progress);
    const tags = source.tags.map((t) => t.name);
    const reason = skipReason(tags, machine.capabilities);
    if (reason !== undefined) return { skipped: `Skipped on ${machine.target.name} (kernel ${machine.capabilities.kernelRelease}): ${reason}` };
    // Every scenario's report names where it ran: target, image and kernel.
    out.log(`${machine.target.name}: ${describeCapabilities(machine.capabilities)}`);
    const scenario = new Scenario(machine.transport, {
      commandTimeoutMs: settings.commandTimeoutMs,
      window: { readyTimeoutMs: settings.windowReadyTimeoutMs, commandTimeoutMs: settings.commandTimeoutMs },
    }, tags.some(isRootNamespaceTag) ? 'root namespace' : 'sandbox');
    return new ScenarioLifecycle(machine, scenario, await machine.rootMountInfo(), out);
  }

  /** Why the machine went away, for a step that failed because of it (qemu's exit and console tail). */
  lostReason(): Promise<string | undefined> {
    return this.machine.settledLostReason();
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
    await this.scenario.end();
    const unchecked = passed ? this.scenario.commands.uncheckedFailure() : undefined;
    if (this.scenario.home === 'root namespace') {
      // The scenario changed the VM's own root namespace on purpose: put the VM back.
      await this.machine.reset(this.out.progress);
    } else {
      this.checkRootNamespace(diffMountInfo(this.rootMountInfoBefore, await this.machine.rootMountInfo()));
    }
    if (unchecked !== undefined) throw new Error(unchecked);
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
