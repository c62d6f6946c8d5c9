import { test } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason } from './tag-rules.ts';
import { parseKernelVersion } from '../kernel/version.ts';
import type { Capabilities } from '../machine/capabilities.ts';

const host: Capabilities = {
  kernelRelease: '5.10.0-30-amd64', kernel: parseKernelVersion('5.10.0-30-amd64'),
  apparmor: false, systemd: false, userNamespaces: true, strace: true, docker: false, vm: false, image: null,
};

test('runs when nothing is required', () => {
  assert.equal(skipReason(['@propagation'], host), undefined);
});

test('a kernel too old is named with the version needed', () => {
  assert.match(skipReason(['@kernel>=5.11'], host) ?? '', /needs Linux 5\.11 or later; this target runs 5\.10\.0-30-amd64/);
  assert.equal(skipReason(['@kernel>=5.10'], host), undefined);
});

test('missing AppArmor, systemd or VM each say why', () => {
  assert.match(skipReason(['@requires-apparmor'], host) ?? '', /AppArmor is not enabled/);
  assert.match(skipReason(['@requires-systemd'], host) ?? '', /PID 1 of this target is not systemd/);
  assert.match(skipReason(['@requires-vm'], host) ?? '', /needs the lab VM/);
});

test('no Docker says how the lab image gets it', () => {
  assert.match(skipReason(['@requires-docker'], host) ?? '', /no Docker daemon with an ubuntu:latest image.*rebuild it with lab\/image\/build\.sh/);
  assert.equal(skipReason(['@requires-docker'], { ...host, docker: true }), undefined);
});

test('an unknown requirement is an error, not a silent skip', () => {
  assert.throws(() => skipReason(['@requires-apparmour'], host), /unknown tag @requires-apparmour/);
});

test('@root-namespace (and its old name @host-namespace) runs only on a VM, which is reset afterwards', () => {
  for (const tag of ['@root-namespace', '@host-namespace']) {
    assert.match(skipReason([tag], host) ?? '', /runs only on the lab VM/);
    assert.equal(skipReason([tag], { ...host, vm: true }), undefined);
  }
});
