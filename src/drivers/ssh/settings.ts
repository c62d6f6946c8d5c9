/** The ssh driver's settings, read from the environment. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { HostKeyPolicy } from '../../transport/ssh/index.ts';
import { envReader } from '../shared/env.ts';
import { SSH_ENV, SshTarget } from './target.ts';

/**
 * MOUNTLAB_SSH_HOST and MOUNTLAB_SSH_KEY are required; MOUNTLAB_SSH_PORT defaults to 22,
 * MOUNTLAB_SSH_USER to root (any other user gets sudo -n), and the host key is checked against
 * MOUNTLAB_SSH_HOST_KEY (a pinned SHA256 fingerprint) when set, else strictly against
 * MOUNTLAB_SSH_KNOWN_HOSTS (default ~/.ssh/known_hosts).
 */
export function sshTargetFromEnv(env: NodeJS.ProcessEnv): SshTarget {
  const get = envReader(env);
  const host = get(SSH_ENV.host);
  const keyPath = get(SSH_ENV.key);
  if (host === undefined || keyPath === undefined) {
    const missing: string[] = [];
    if (host === undefined) missing.push(SSH_ENV.host);
    if (keyPath === undefined) missing.push(SSH_ENV.key);
    throw new Error(
      `the ssh target needs ${missing.join(' and ')} (missing). Set ${SSH_ENV.host} (address of the machine) and ` +
        `${SSH_ENV.key} (path of the private key); optional: ${SSH_ENV.port} (default 22), ${SSH_ENV.user} ` +
        `(default root), ${SSH_ENV.hostKey} (pinned SHA256:… fingerprint) or ${SSH_ENV.knownHosts} ` +
        `(default ~/.ssh/known_hosts).`,
    );
  }
  const portText = get(SSH_ENV.port) ?? '22';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    throw new Error(`${SSH_ENV.port} must be a TCP port number (1-65535), got "${portText}"`);
  }
  const username = get(SSH_ENV.user) ?? 'root';
  const pinned = get(SSH_ENV.hostKey);
  let hostKey: HostKeyPolicy;
  if (pinned !== undefined) {
    if (!/^(SHA256:)?[A-Za-z0-9+/]{43}=?$/.test(pinned)) {
      throw new Error(
        `${SSH_ENV.hostKey} must be a SHA256 fingerprint as \`ssh-keygen -lf KEY.pub\` prints it ` +
          `(SHA256:…), got "${pinned}"`,
      );
    }
    hostKey = { pinnedSha256: pinned };
  } else {
    const home = get('HOME') ?? homedir();
    hostKey = { knownHostsFile: get(SSH_ENV.knownHosts) ?? join(home, '.ssh', 'known_hosts') };
  }
  return new SshTarget({ host, port, username, keyPath, hostKey, sudo: username !== 'root' });
}
