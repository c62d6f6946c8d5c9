/**
 * The ssh target: any reachable Linux host, configured from the environment. mountlab neither
 * boots nor resets it (no reset()): scenarios that change the host's root namespace are for VMs.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { connectSsh, SshConnectError } from '../../transport/ssh.ts';
import type { HostKeyPolicy, SshEndpoint, SshTransport } from '../../transport/ssh.ts';
import type { Transport } from '../../transport/types.ts';
import type { Target } from '../target.ts';

export interface SshTargetConfig {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  /** Path of the private key file. */
  readonly keyPath: string;
  readonly hostKey: HostKeyPolicy;
  /** Wrap commands in `sudo -n --` (default: when the user is not root). */
  readonly sudo?: boolean;
}

export const SSH_ENV = {
  host: 'MOUNTLAB_SSH_HOST',
  port: 'MOUNTLAB_SSH_PORT',
  user: 'MOUNTLAB_SSH_USER',
  key: 'MOUNTLAB_SSH_KEY',
  knownHosts: 'MOUNTLAB_SSH_KNOWN_HOSTS',
  hostKey: 'MOUNTLAB_SSH_HOST_KEY',
} as const;

export class SshTarget implements Target {
  readonly name = 'ssh' as const;
  readonly config: SshTargetConfig;
  #transport: SshTransport | null = null;

  constructor(config: SshTargetConfig) {
    this.config = config;
  }

  async start(progress?: (line: string) => void): Promise<Transport> {
    if (this.#transport !== null && !this.#transport.lost) return this.#transport;
    const c = this.config;
    let privateKey: Buffer;
    try {
      privateKey = await readFile(c.keyPath);
    } catch (err) {
      throw new Error(`cannot read the ssh private key ${c.keyPath} (${SSH_ENV.key}): ${(err as Error).message}`);
    }
    const endpoint: SshEndpoint = {
      host: c.host,
      port: c.port,
      username: c.username,
      privateKey,
      privateKeyName: c.keyPath,
      hostKey: c.hostKey,
      sudo: c.sudo ?? c.username !== 'root',
    };
    progress?.(`ssh: connecting to ${c.username}@${c.host}:${c.port}`);
    try {
      this.#transport = await connectSsh(endpoint, { ...(progress ? { onProgress: progress } : {}) });
    } catch (err) {
      if (err instanceof SshConnectError && err.kind === 'host-key' && 'knownHostsFile' in c.hostKey) {
        throw new SshConnectError(
          `${err.message} (or pin the key with ${SSH_ENV.hostKey}=SHA256:…)`,
          err.kind,
          err.retryable,
        );
      }
      throw err;
    }
    return this.#transport;
  }

  async stop(): Promise<void> {
    const t = this.#transport;
    this.#transport = null;
    await t?.close();
  }
}

/**
 * MOUNTLAB_SSH_HOST and MOUNTLAB_SSH_KEY are required; MOUNTLAB_SSH_PORT defaults to 22,
 * MOUNTLAB_SSH_USER to root (any other user gets sudo -n), and the host key is checked against
 * MOUNTLAB_SSH_HOST_KEY (a pinned SHA256 fingerprint) when set, else strictly against
 * MOUNTLAB_SSH_KNOWN_HOSTS (default ~/.ssh/known_hosts).
 */
export function sshTargetFromEnv(env: NodeJS.ProcessEnv): SshTarget {
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
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
