import { Then } from '@cucumber/cucumber';
import type { LabWorld } from './support/world.ts';
import { formatHistory } from '../src/scenario/lab-run.ts';

// Then it made 40 mount syscalls
// An exact count, for where the kernel and the runtime make it deterministic; the calls are listed
// in the report either way.
Then('it made {int} {word} syscalls', function (this: LabWorld, expected: number, syscall: string) {
  const run = this.lab.lastRun;
  const calls = run.syscalls.filter((s) => s.name === syscall);
  const failed = calls.filter((s) => s.failed).length;
  this.attach(`\`${run.command}\` made ${calls.length} ${syscall} syscalls (${failed} failed):\n${calls.map((c) => c.line).join('\n')}`, 'text/plain');
  if (calls.length !== expected) {
    throw new Error(`expected \`${run.command}\` to make exactly ${expected} ${syscall} syscalls; it made ${calls.length}.\n${formatHistory(this.lab.history)}`);
  }
});
