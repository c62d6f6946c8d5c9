/** Why connectSsh() failed, in words that name the fix, and whether retrying may help. */
import ssh2 from 'ssh2';
import type { SshEndpoint } from './endpoint.ts';
import { sha256Fingerprint } from './known-hosts.ts';

const { utils: sshUtils } = ssh2;

export type SshConnectFailure =
  | 'refused'
  | 'reset'
  | 'timeout'
  | 'unreachable'
  | 'dns'
  | 'host-key'
  | 'auth'
  | 'key'
  | 'other';

/** connectSsh's failure: `kind` lets a target add its own fix (e.g. "start the VM with …"). */
export class SshConnectError extends Error {
  override readonly name = 'SshConnectError';
  constructor(
    message: string,
    readonly kind: SshConnectFailure,
    /** Whether retrying later may help (the machine may still be booting). */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** The error ssh2's Client emits while connecting. */
export type ClientConnectError = Error & { level?: string; code?: string };

export function classifyConnectError(
  err: ClientConnectError,
  endpoint: SshEndpoint,
  hostPort: string,
  readyTimeout: number,
  hostKeyProblem: string | null,
): SshConnectError {
  if (hostKeyProblem !== null) return new SshConnectError(hostKeyProblem, 'host-key', false);
  const code = err.code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return new SshConnectError(
        `no sshd answering on ${hostPort} (ECONNREFUSED) — is the machine running, ` +
          `and sshd listening on port ${endpoint.port}?`,
        'refused',
        true,
      );
    case 'ECONNRESET':
    case 'EPIPE':
      return new SshConnectError(
        `${hostPort} accepted the connection but reset it before the SSH handshake (${code}) — sshd may still be starting`,
        'reset',
        true,
      );
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return new SshConnectError(
        `cannot reach ${hostPort} (${code}) — is the machine up and the address right?`,
        'unreachable',
        true,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SshConnectError(`cannot resolve the host name ${endpoint.host} (${code})`, 'dns', false);
  }
  if (err.level === 'client-authentication') {
    return new SshConnectError(
      `authentication failed for user ${endpoint.username} on ${hostPort} with key ${describeKey(endpoint)} — ` +
        `is its public key in ~${endpoint.username}/.ssh/authorized_keys on the target?`,
      'auth',
      false,
    );
  }
  if (err.level === 'client-timeout' || /Timed out while waiting for handshake/.test(err.message)) {
    return new SshConnectError(
      `no SSH handshake from ${hostPort} within ${readyTimeout} ms — the port answers but sshd does not (still booting?)`,
      'timeout',
      true,
    );
  }
  if (/Connection lost before handshake/.test(err.message)) {
    return new SshConnectError(
      `${hostPort} closed the connection before the SSH handshake — sshd may still be starting`,
      'reset',
      true,
    );
  }
  return new SshConnectError(`ssh connection to ${hostPort} failed: ${err.message}`, 'other', false);
}

function describeKey(endpoint: SshEndpoint): string {
  let fp = '';
  try {
    const parsed = sshUtils.parseKey(endpoint.privateKey);
    if (!(parsed instanceof Error)) fp = sha256Fingerprint(parsed.getPublicSSH());
  } catch {
    // an unreadable key is reported by connect itself
  }
  const name = endpoint.privateKeyName ?? 'the given private key';
  return fp === '' ? name : `${name} (${fp})`;
}
