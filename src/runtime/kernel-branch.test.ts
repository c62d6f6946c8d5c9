import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelBranch } from './kernel-branch.ts';
import { parseKernelVersion } from '../kernel/version.ts';

const v = parseKernelVersion;
const branch = (release: string): ReturnType<typeof kernelBranch> => kernelBranch(v(release), release, v('3.18'), v('3.18'), 'EBUSY');

test('before the boundary the errno applies', () => {
  assert.deepEqual(branch('3.17.8'), { expectSuccess: false, explanation: 'kernel 3.17.8 is older than 3.18: expecting EBUSY (success applies from 3.18)' });
});

test('at the boundary, and its first patch release, success applies', () => {
  assert.equal(branch('3.18').expectSuccess, true);
  assert.equal(branch('3.18.0-1-amd64').expectSuccess, true);
  assert.match(branch('3.18').explanation, /is 3\.18 or later: expecting success \(the EBUSY outcome applies before 3\.18\)/);
});

test('after the boundary success applies, a higher minor that sorts lower as text included', () => {
  assert.equal(branch('6.18.44-fc-v782').expectSuccess, true);
  assert.equal(branch('4.2').expectSuccess, true);
  assert.equal(branch('3.9').expectSuccess, false);
});

test('"before" and "from" must name the same version', () => {
  assert.throws(() => kernelBranch(v('6.1'), '6.1', v('5.10'), v('5.11'), 'EPERM'), /must name the same version/);
});
