/**
 * The resident agent over an ssh2 exec channel (what the lab VM uses), against a throw-away sshd
 * on 127.0.0.1 of this computer: the same command results as the old path (agent-equivalence.ts).
 */
import { after, before, describe, test } from 'node:test';
import { connectSsh, type SshTransport } from '../../src/transport/ssh/index.ts';
import { compareAgentWithOldPath } from '../sandbox/agent-equivalence.ts';
import { sshdUnavailable, startSshd, type TestSshd } from './sshd.ts';

const skip = process.getuid?.() !== 0 ? 'needs root (sandboxes)' : sshdUnavailable() ?? false;

describe('the resident agent over ssh2', { skip }, () => {
  let d: TestSshd;
  let t: SshTransport;
  before(async () => {
    d = await startSshd();
    t = await connectSsh({ host: d.host, port: d.port, username: d.username, privateKey: d.privateKey, privateKeyName: d.privateKeyPath, hostKey: { pinnedSha256: d.hostKeySha256 } });
  });
  after(async () => {
    await t.close();
    await d.stop();
  });

  test('reports errno, exit code, signal, timeout and output exactly as the old path', async () => {
    await compareAgentWithOldPath(t);
  });
});
