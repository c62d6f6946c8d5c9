import { After, AfterAll, AfterStep, Before, BeforeAll, setDefaultTimeout, Status } from '@cucumber/cucumber';
import type { ScenarioWorld } from './world.ts';
import { ScenarioLifecycle } from '../../src/scenario/lifecycle.ts';
import { currentMachine, machineFor, stopMachine } from '../../src/machine/registry.ts';
import { endSandboxesAhead, sandboxesEndedBehind } from '../../src/sandbox/ahead.ts';

// Booting a VM under TCG or running a slow experiment takes a while; commands have their own timeouts.
setDefaultTimeout(10 * 60 * 1000);

// The machine starts once, before the first scenario: a target that cannot start here (the local
// target without root, an ssh host that does not answer) stops the run with one message.
BeforeAll(async function () {
  try {
    await machineFor(this.parameters, (line) => { process.stderr.write(`${line}\n`); });
  } catch (e) {
    // The sentence names the cause and the fix; the stack of mountlab's internals would hide it.
    const error = e instanceof Error ? e : new Error(String(e));
    error.stack = `mountlab: ${error.message}`;
    throw error;
  }
});

// The policy (skip, sandbox or root namespace, report, leak check, unchecked failures) is ScenarioLifecycle's.
Before(async function (this: ScenarioWorld, { pickle }) {
  const started = await ScenarioLifecycle.start(this.parameters, pickle, {
    progress: (line) => { process.stderr.write(`${line}\n`); },
    log: (text) => { this.log(text); },
    // cucumber.html shows an image only when it was attached base64-encoded, which a Buffer is.
    attach: (text, mediaType = 'text/plain') => {
      if (mediaType.startsWith('image/')) this.attach(Buffer.from(text, 'utf8'), mediaType);
      else this.attach(text, mediaType);
    },
  });
  if ('skipped' in started) {
    this.attach(started.skipped, 'text/plain');
    return 'skipped';
  }
  this.lifecycle = started;
  return undefined;
});

// What the step's commands printed and the tree picture when it changed (or why the machine went away).
AfterStep(async function (this: ScenarioWorld, { pickleStep, result }) {
  await this.lifecycle?.afterStep(pickleStep, result.status === Status.FAILED);
});

After(async function (this: ScenarioWorld, { result }) {
  await this.lifecycle?.end(result?.status === Status.PASSED);
});

AfterAll(async function () {
  try {
    await endSandboxesAhead();
    await sandboxesEndedBehind();
  } finally {
    if (currentMachine() !== undefined) await stopMachine();
  }
});
