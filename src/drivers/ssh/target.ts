/**
 * The ssh target: any reachable Linux host, configured from the environment. mountlab neither
 * boots nor resets it (no reset()): scenarios that change its root namespace are for VMs.
 */
import { readFile } from 'node:fs/promises';
import { connectSsh, SshConnectError } from '../../transport/ssh/index.ts';
import type { HostKeyPolicy, SshEndpoint, SshTransport } from '../../transport/ssh/index.ts';
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
