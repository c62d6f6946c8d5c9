import { setWorldConstructor, World } from '@cucumber/cucumber';
import type { Scenario } from '../../src/scenario/scenario.ts';
import type { ScenarioLifecycle } from '../../src/scenario/lifecycle.ts';
import type { Machine } from '../../src/machine/machine.ts';

/** Per-scenario state: the lifecycle that owns the scenario, once it has started. */
export class ScenarioWorld extends World<Record<string, unknown>> {
  lifecycle: ScenarioLifecycle | undefined;

  get scenario(): Scenario {
    if (this.lifecycle === undefined) throw new Error('the scenario was not set up (was it skipped?)');
    return this.lifecycle.scenario;
  }

  get machine(): Machine {
    if (this.lifecycle === undefined) throw new Error('no target is running');
    return this.lifecycle.machine;
  }
}

setWorldConstructor(ScenarioWorld);
