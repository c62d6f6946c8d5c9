import { Then, type DataTable } from '@cucumber/cucumber';
import type { ScenarioWorld } from './support/world.ts';
import { describePlace, type Place } from '../src/scenario/place.ts';
import { expectPerKernel } from '../src/scenario/kernel-outcome.ts';
import { expect } from '../src/assert/matchers.ts';

// Per-kernel outcomes: one row per kernel range, the rows covering every kernel once, oldest first
// (src/runtime/kernel-outcomes.ts). The row that applied goes to the report and the matrix. A row
// whose value is `unmeasured` fails on its kernels, saying so: a table never guesses.

// Then the mounts at or under "/tmp/docker" in window "c1" number, per kernel:
//   | kernels    | count |
//   | before 6.1 | 3     |
//   | from 6.1   | 4     |
Then('the mounts at or under {string}{place} number, per kernel:', async function (this: ScenarioWorld, path: string, place: Place, table: DataTable) {
  await expectPerKernel(this.machine.capabilities, {
    table: table.raw(),
    column: 'count',
    describe: (n) => `${n} mounts at or under "${path}" in ${describePlace(place)}`,
    check: async (n) => {
      if (!/^\d+$/.test(n)) throw new Error(`the count "${n}" is not a number`);
      expect(await this.scenario.view(place)).toHaveMountCountUnder(path, Number(n));
    },
    observe: async () => String((await this.scenario.view(place)).table.mountsAtOrUnder(path).length),
  }, (why) => { this.attach(why, 'text/plain'); });
});
