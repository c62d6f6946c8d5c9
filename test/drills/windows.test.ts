/** Window drills on the local target and over ssh to a loopback sshd (see window-drills.ts). */
import { after, before, describe } from 'node:test';
import { LocalTransport } from '../../src/transport/local.ts';
import { connectSsh, type SshTransport } from '../../src/transport/ssh/index.ts';
import { sshdUnavailable, startSshd, type TestSshd } from '../ssh/sshd.ts';
import { windowDrills } from './window-drills.ts';

const root = process.getuid?.() === 0;

describe('window drills, local target', { skip: !root && 'needs root (sandboxes are namespaces)' }, () => {
  const transport = new LocalTransport();
  after(() => transport.close());
  windowDrills('local', () => transport);
});

describe('window drills, ssh PTY', { skip: !root ? 'needs root (sandboxes are namespaces)' : sshdUnavailable() ?? false }, () => {
  let sshd: TestSshd;
  let transport: SshTransport;
  before(async () => {
    sshd = await startSshd();
    transport = await connectSsh({
      host: sshd.host, port: sshd.port, username: sshd.username, privateKey: sshd.privateKey,
      privateKeyName: sshd.privateKeyPath, hostKey: { pinnedSha256: sshd.hostKeySha256 },
    });
  });
  after(async () => {
    await transport.close();
    await sshd.stop();
  });
  windowDrills('ssh', () => transport);
});
