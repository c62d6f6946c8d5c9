import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startSshd, sshdUnavailable } from './sshd.ts';
import { runLabAsync } from '../suite/run-lab.ts';

// The ssh target runs the same features with the same sandboxes, only over one ssh2 connection:
// here to a real OpenSSH sshd on loopback, logged in as root with a key, host key pinned.
const unavailable = sshdUnavailable() ?? (process.getuid?.() !== 0 ? 'needs root (the sandboxes do)' : null);

test('the features pass on the ssh target, and the machine\'s mount table is left as it was', { skip: unavailable ?? false }, async () => {
  const sshd = await startSshd();
  try {
    const before = readFileSync('/proc/self/mountinfo', 'utf8');
    // Async: this process reads the test sshd's log pipe; blocking it would stall sshd.
    const r = await runLabAsync(['--target', 'ssh', '--profile', 'verify', 'features/privatetmp.feature', 'features/bind-propagation.feature'], {
      env: {
        MOUNTLAB_SSH_HOST: sshd.host,
        MOUNTLAB_SSH_PORT: String(sshd.port),
        MOUNTLAB_SSH_USER: 'root',
        MOUNTLAB_SSH_KEY: sshd.privateKeyPath,
        MOUNTLAB_SSH_HOST_KEY: sshd.hostKeySha256,
      },
    });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /target ssh: kernel /);
    assert.match(r.stdout, /\d+ scenarios \((?:\d+ skipped, )?\d+ passed\)/);
    assert.equal(readFileSync('/proc/self/mountinfo', 'utf8'), before);
  } finally {
    await sshd.stop();
  }
});
