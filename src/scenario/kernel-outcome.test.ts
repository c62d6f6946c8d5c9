import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKernelVersion } from '../kernel/version.ts';
import type { Capabilities } from '../machine/capabilities.ts';
import { expectPerKernel, type PerKernelClaim } from './kernel-outcome.ts';

const on = (release: string): Capabilities => ({ kernelRelease: release, kernel: parseKernelVersion(release) }) as Capabilities;

function claim(seen: string, checked: string[]): PerKernelClaim {
  return {
    table: [['kernels', 'count'], ['before 6.2', '2'], ['from 6.2 before 6.18', 'unmeasured'], ['from 6.18', '3']],
    column: 'count',
    describe: (n) => `${n} mounts`,
    check: (n) => { checked.push(n); return Promise.resolve(); },
    observe: () => Promise.resolve(seen),
  };
}

test('the row for the running kernel is explained, then checked', async () => {
  const checked: string[] = [];
  const why: string[] = [];
  await expectPerKernel(on('6.1.0-25-amd64'), claim('9', checked), (w) => why.push(w));
  assert.deepEqual(checked, ['2']);
  assert.equal(why.length, 1);
  assert.match(why[0] ?? '', /before 6\.2/);
});

test('an unmeasured row fails on its kernels, saying what this kernel shows, and checks nothing', async () => {
  const checked: string[] = [];
  await assert.rejects(expectPerKernel(on('6.12.117+deb13-amd64'), claim('5', checked), () => undefined),
    /no outcome has been measured on kernels "from 6\.2 before 6\.18" \(this is 6\.12\.117\+deb13-amd64\); here the count is 5/);
  assert.deepEqual(checked, []);
});
