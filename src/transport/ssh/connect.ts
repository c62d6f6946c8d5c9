/** connectSsh(): open the ssh2 connection (host key checked), retrying while a machine boots. */
import ssh2 from 'ssh2';
import type { ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import { readFile } from 'node:fs/promises';
import { classifyConnectError, SshConnectError } from './connect-error.ts';
import type { ClientConnectError } from './connect-error.ts';
import type { ConnectOptions, SshEndpoint } from './endpoint.ts';
import {
  checkKnownHosts,
  hostKeyAlgorithmsFor,
  listedKeyTypes,
  normalizeFingerprint,
  parseKnownHosts,
  sha256Fingerprint,
  keyTypeOf,
} from './known-hosts.ts';
import type { KnownHostsEntry } from './known-hosts.ts';
import { SshTransport } from './transport.ts';

const { Client: SshClient } = ssh2;

export async function connectSsh(endpoint: SshEndpoint, options: ConnectOptions = {}): Promise<SshTransport> {
  const hostPort = `${endpoint.host}:${endpoint.port}`;
  const retryFor = options.retryForMs ?? 0;
  const deadline = Date.now() + retryFor;
  for (let attempt = 1; ; attempt++) {
    try {
      // Read on every attempt: a VM target may write the file once the machine is up.
      const knownHosts = 'knownHostsFile' in endpoint.hostKey ? await loadKnownHosts(endpoint.hostKey.knownHostsFile) : null;
      const t = await connectOnce(endpoint, options, knownHosts);
      if (attempt > 1) options.onProgress?.(`ssh: connected to ${hostPort} after ${attempt} attempts`);
      return t;
    } catch (err) {
      if (!(err instanceof SshConnectError) || !err.retryable) throw err;
      const wait = Math.min(250 * 2 ** Math.min(attempt - 1, 3), 2000);
      if (Date.now() + wait > deadline) {
        if (retryFor > 0) {
          throw new SshConnectError(
            `${err.message} (gave up after ${attempt} attempts over ${Math.round(retryFor / 1000)} s)`,
            err.kind,
            err.retryable,
          );
        }
        throw err;
      }
      options.onProgress?.(`ssh: ${hostPort} not ready yet (${err.kind}), retrying in ${wait} ms`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

async function loadKnownHosts(file: string): Promise<KnownHostsEntry[] | null> {
  try {
    return parseKnownHosts(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SshConnectError(`cannot read known_hosts file ${file}: ${(err as Error).message}`, 'host-key', false);
  }
}

function connectOnce(
  endpoint: SshEndpoint,
  options: ConnectOptions,
  knownHosts: KnownHostsEntry[] | null,
): Promise<SshTransport> {
  const hostPort = `${endpoint.host}:${endpoint.port}`;
  const readyTimeout = options.readyTimeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const client = new SshClient();
    let hostKeyProblem: string | null = null;
    let settled = false;
    const fail = (err: SshConnectError): void => {
      if (settled) return;
      settled = true;
      client.removeAllListeners('ready');
      client.on('error', () => undefined); // a late socket error must not crash the process
      client.end();
      reject(err);
    };

    const verify = (key: Buffer): boolean => {
      const policy = endpoint.hostKey;
      if ('pinnedSha256' in policy) {
        const expected = normalizeFingerprint(policy.pinnedSha256);
        const got = sha256Fingerprint(key);
        if (got === expected) return true;
        hostKeyProblem =
          `host key mismatch for ${hostPort}: expected ${expected}, got ${got} (${keyTypeOf(key)}). ` +
          `If the machine was re-created on purpose, pin the new fingerprint.`;
        return false;
      }
      const verdict = checkKnownHosts(knownHosts, policy.knownHostsFile, endpoint.host, endpoint.port, key);
      if (verdict.ok) return true;
      hostKeyProblem = verdict.message;
      return false;
    };

    const config: ConnectConfig = {
      host: endpoint.host,
      port: endpoint.port,
      username: endpoint.username,
      privateKey: endpoint.privateKey,
      readyTimeout,
      keepaliveInterval: options.keepaliveIntervalMs ?? 5000,
      keepaliveCountMax: options.keepaliveCountMax ?? 6,
      hostVerifier: verify,
    };
    if (knownHosts !== null) {
      // Ask for a key type the file lists, as OpenSSH does, rather than whichever ssh2 prefers.
      const algos = hostKeyAlgorithmsFor(listedKeyTypes(knownHosts, endpoint.host, endpoint.port));
      if (algos.length > 0) config.algorithms = { serverHostKey: algos as ServerHostKeyAlgorithm[] };
    }

    client.on('ready', () => {
      if (settled) return;
      settled = true;
      client.setNoDelay(true);
      resolve(new SshTransport(endpoint, client));
    });
    client.on('error', (err: ClientConnectError) => {
      fail(classifyConnectError(err, endpoint, hostPort, readyTimeout, hostKeyProblem));
    });
    client.on('close', () => {
      fail(
        new SshConnectError(
          `${hostPort} closed the connection during the SSH handshake — sshd may still be starting`,
          'reset',
          true,
        ),
      );
    });
    try {
      client.connect(config);
    } catch (err) {
      fail(
        new SshConnectError(
          `cannot use ${endpoint.privateKeyName ?? 'the private key'} for ${hostPort}: ${(err as Error).message}`,
          'key',
          false,
        ),
      );
    }
  });
}
