// The probe's shell against this computer (the local transport, a real sh): each fact it reads with
// the shell's builtins must equal what the file or program says, and a file that does not exist
// must read as empty, not as the previous fact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { probeCapabilities } from './capabilities.ts';
import { LocalTransport } from '../transport/local.ts';

const firstLine = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, 'utf8').split('\n')[0] : undefined);

test('the probe reads this computer as its files say', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const transport = new LocalTransport();
  try {
    const c = await probeCapabilities(transport, false);
    assert.equal(c.kernelRelease, release());
    assert.equal(c.systemd, firstLine('/proc/1/comm') === 'systemd');
    // Where AppArmor is absent the file is missing: read as empty, not as the line before it.
    assert.equal(c.apparmor, firstLine('/sys/module/apparmor/parameters/enabled') === 'Y');
    assert.equal(c.userNamespaces, Number(firstLine('/proc/sys/user/max_user_namespaces') ?? 0) > 0);
    assert.equal(c.image, firstLine('/etc/mountlab-image') || null);
    assert.equal(c.vm, false);
  } finally {
    await transport.close();
  }
});
