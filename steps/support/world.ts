import { setWorldConstructor, World } from '@cucumber/cucumber';
import type { LabScenario } from '../../src/scenario/lab-scenario.ts';
import type { Machine } from '../../src/machine/machine.ts';

/** Per-scenario state: the scenario's lab and the machine it runs on. */
export class LabWorld extends World<Record<string, unknown>> {
  private labScenario: LabScenario | undefined;
  private runningMachine: Machine | undefined;
  /** The machine's root mount table when the scenario began. */
  rootMountInfoBefore = '';

  /** True for @host-namespace scenarios: they run in the VM's root namespace, reset afterwards. */
  onMachine = false;

  begin(machine: Machine, lab: LabScenario, onMachine: boolean): void {
    this.runningMachine = machine;
    this.labScenario = lab;
    this.onMachine = onMachine;
  }

  get started(): boolean {
    return this.labScenario !== undefined;
  }

  get lab(): LabScenario {
    if (this.labScenario === undefined) throw new Error('the lab was not set up for this scenario (was it skipped?)');
    return this.labScenario;
  }

  get machine(): Machine {
    if (this.runningMachine === undefined) throw new Error('no lab target is running');
    return this.runningMachine;
  }
}

setWorldConstructor(LabWorld);
