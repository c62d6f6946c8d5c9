import { After, AfterAll, AfterStep, Before, setDefaultTimeout, Status } from '@cucumber/cucumber';
import type { LabWorld } from './world.ts';
import { LabScenario } from '../../src/scenario/lab-scenario.ts';
import { HOST_NAMESPACE_TAG, skipReason } from '../../src/runtime/tag-rules.ts';
import { vocabularyErrors } from '../../src/runtime/vocabulary.ts';
import { diffMountInfo, formatMountDiff, isEmptyDiff } from '../../src/runtime/mount-diff.ts';
import { currentMachine, machineFor, stopMachine } from '../../src/machine/registry.ts';
import { scenarioReport } from '../../src/runtime/scenario-report.ts';
import { describeCapabilities } from '../../src/machine/capabilities.ts';

// Booting a VM under TCG or running a slow experiment takes a while; commands have their own timeouts.
setDefaultTimeout(10 * 60 * 1000);

Before(async function (this: LabWorld, { pickle }) {
  const errors = vocabularyErrors(pickle.steps.map((s) => s.text));
  if (errors.length > 0) throw new Error(errors.join('\n'));
  const { machine, settings } = await machineFor(this.parameters, (line) => { process.stderr.write(`${line}\n`); });
  await machine.ensureUsable((line) => { process.stderr.write(`${line}\n`); });
  const reason = skipReason(pickle.tags.map((t) => t.name), machine.capabilities);
  if (reason !== undefined) {
    this.attach(`Skipped on ${machine.target.name} (kernel ${machine.capabilities.kernelRelease}): ${reason}`, 'text/plain');
    return 'skipped';
  }
  // Every scenario's report names where it ran: target, image and kernel.
  this.log(`${machine.target.name}: ${describeCapabilities(machine.capabilities)}`);
  const onMachine = pickle.tags.some((t) => t.name === HOST_NAMESPACE_TAG);
  this.rootMountInfoBefore = await machine.rootMountInfo();
  this.begin(machine, new LabScenario(machine.transport, {
    commandTimeoutMs: settings.commandTimeoutMs,
    window: { readyTimeoutMs: settings.windowReadyTimeoutMs, commandTimeoutMs: settings.commandTimeoutMs },
  }, onMachine ? 'machine' : 'sandbox'), onMachine);
  return undefined;
});

// A step that failed because the machine went away says why (qemu's exit and console tail).
AfterStep(async function (this: LabWorld, { result }) {
  if (!this.started || result.status !== Status.FAILED) return;
  const lost = await this.machine.settledLostReason();
  if (lost !== undefined) this.attach(`target lost: ${lost}`, 'text/plain');
});

After(async function (this: LabWorld, { result }) {
  if (!this.started) return;
  const lab = this.lab;
  const lost = await this.machine.settledLostReason();
  if (lost !== undefined) {
    const teardown = await lab.teardownScript();
    if (teardown !== undefined) this.machine.rememberOrphan(teardown);
    throw new Error(`the ${this.machine.target.name} target was lost during this scenario: ${lost}`);
  }
  const report = await scenarioReport(lab).catch((e: unknown) => `could not collect the scenario's report: ${String(e)}`);
  this.attach(report, 'text/plain');
  await lab.end();
  const unchecked = result?.status === Status.PASSED ? lab.uncheckedFailure() : undefined;
  if (this.onMachine) {
    // The scenario changed the VM's own root namespace on purpose: put the VM back.
    await this.machine.reset((line) => { process.stderr.write(`${line}\n`); });
    if (unchecked !== undefined) throw new Error(unchecked);
    return;
  }
  const after = await this.machine.rootMountInfo();
  const diff = diffMountInfo(this.rootMountInfoBefore, after);
  if (!isEmptyDiff(diff)) {
    throw new Error(`the ${this.machine.target.name} target's own mount table changed during this scenario (it must not: experiments run in a sandbox):\n${formatMountDiff(diff)}`);
  }
  if (unchecked !== undefined) throw new Error(unchecked);
});

AfterAll(async function () {
  if (currentMachine() !== undefined) await stopMachine();
});
