import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLab } from './run-lab.ts';

const asRoot = process.getuid?.() === 0;

function withFeature(text: string, body: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-feature-'));
  try {
    const path = join(dir, 'bad.feature');
    writeFileSync(path, text);
    body(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('an undefined step prints cucumber\'s snippet', { skip: !asRoot && 'needs root' }, () => {
  withFeature('Feature: x\n  Scenario: y\n    When I frobnicate "/tmp"\n', (path) => {
    const r = runLab(['--target', 'sandbox', '--profile', 'verify', path]);
    assert.notEqual(r.status, 0);
    assert.match(r.stdout, /Undefined\. Implement with the following snippet:[\s\S]*When\('I frobnicate \{string\}'/);
  });
});

test('a misspelt errno or propagation is rejected with the valid names', { skip: !asRoot && 'needs root' }, () => {
  withFeature('Feature: x\n  Scenario: y\n    When I run "rmdir /tmp"\n    Then it fails with EBUZY\n    And "/tmp" has propagation slaev\n', (path) => {
    const r = runLab(['--target', 'sandbox', '--profile', 'verify', path]);
    assert.notEqual(r.status, 0);
    assert.match(r.stdout, /unknown errno "EBUZY" in step "it fails with EBUZY": did you mean EBUSY\? Valid errno names: EPERM, ENOENT/);
    assert.match(r.stdout, /unknown propagation "slaev" .*did you mean slave\? Valid propagation names: shared, private, slave, shared and slave, unbindable/);
  });
});

test('the sandbox target refuses to run as non-root, saying why and what to do', { skip: !asRoot && 'needs root to switch to an unprivileged user' }, () => {
  const r = runLab(['--target', 'sandbox', '--profile', 'verify', 'features/privatetmp.feature'], { asUser: 65534, env: { HOME: '/tmp' } });
  assert.notEqual(r.status, 0);
  assert.match(r.stdout, /the local target needs root: it makes a mount and PID namespace for every scenario/);
});

test('an unknown target is refused before anything runs', () => {
  const r = runLab(['--target', 'kvm']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown target "kvm" \(from --target\): choose one of sandbox, qemu, vagrant, ssh/);
});
