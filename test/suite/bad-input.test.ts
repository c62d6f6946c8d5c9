import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import assert from 'node:assert/strict';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, runLab } from './run-lab.ts';

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

test('the local target refuses to run as non-root once, before any scenario, saying why and what to do', { skip: !asRoot && 'needs root to switch to an unprivileged user' }, () => {
  const r = runLab(['--target', 'sandbox', '--profile', 'verify', 'features/privatetmp.feature'], { asUser: 65534, env: { HOME: '/tmp', MOUNTLAB_REPORT_DIR: '/tmp' } });
  assert.notEqual(r.status, 0);
  const said = (r.stdout + r.stderr).match(/the local target needs root: it makes a mount and PID namespace for every scenario/g) ?? [];
  assert.equal(said.length, 1, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /scenarios? \(/);
});

test('an unknown target is refused before anything runs', () => {
  const r = runLab(['--target', 'kvm']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown target "kvm" \(from --target\): choose one of local, qemu, vagrant, ssh/);
});

test('plain cucumber-js on the local target as non-root also says so once, before any scenario', { skip: !asRoot && 'needs root to switch to an unprivileged user' }, () => {
  const cucumber = join(REPO, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');
  // The user may not write node_modules/.cache: support/build.mjs compiles the steps into TMPDIR.
  const tmp = mkdtempSync(join(tmpdir(), 'mountlab-nobody-'));
  chownSync(tmp, 65534, 65534);
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', process.execPath, cucumber, '-p', 'verify', 'features/privatetmp.feature'], {
    cwd: REPO, encoding: 'utf8', env: { ...process.env, HOME: '/tmp', TMPDIR: tmp, MOUNTLAB_TARGET: 'local' }, timeout: 5 * 60 * 1000,
  });
  rmSync(tmp, { recursive: true, force: true });
  assert.notEqual(r.status, 0);
  const said = (r.stdout + r.stderr).match(/the local target needs root: it makes a mount and PID namespace for every scenario/g) ?? [];
  assert.equal(said.length, 1, r.stdout + r.stderr);
});

test('a target that cannot start says why under npm run lab, not only that a hook failed', () => {
  // no sshd listens on port 1 of the loopback
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-no-sshd-'));
  try {
    const key = join(dir, 'id_rsa');
    writeFileSync(key, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });
    const r = runLab(['--target', 'ssh', '--profile', 'verify', 'features/privatetmp.feature:46'], {
      env: { MOUNTLAB_SSH_HOST: '127.0.0.1', MOUNTLAB_SSH_PORT: '1', MOUNTLAB_SSH_KEY: key, MOUNTLAB_SSH_KNOWN_HOSTS: join(dir, 'known_hosts') },
    });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /^mountlab: .*no sshd answering on 127\.0\.0\.1:1/m, r.stderr);
    assert.match(r.stderr, /\(a BeforeAll hook errored, process exiting: steps\/support\/hooks\.ts:\d+\)/);
    assert.doesNotMatch(r.stderr, /worker\.js/, 'cucumber\'s own frames say nothing to the user');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
