/**
 * Host-key checks for the ssh transport: OpenSSH fingerprints and a strict reading of known_hosts
 * (plain, `[host]:port`, hashed `|1|salt|hash`, wildcard and negated patterns, `@revoked`).
 */
import { createHash, createHmac } from 'node:crypto';
import { quoteWord } from '../../shell/quote.ts';

/** "SHA256:…" (unpadded base64 of the key blob's SHA-256), as `ssh-keygen -lf` prints it. */
export function sha256Fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Accepts "SHA256:abc", "SHA256:abc=" or a bare "abc"; returns the canonical "SHA256:abc". */
export function normalizeFingerprint(fingerprint: string): string {
  const trimmed = fingerprint.trim();
  const body = trimmed.startsWith('SHA256:') ? trimmed.slice('SHA256:'.length) : trimmed;
  return `SHA256:${body.replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (its first string), e.g. "ssh-ed25519". */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const len = keyBlob.readUInt32BE(0);
  if (len > 64 || 4 + len > keyBlob.length) return 'unknown';
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}

/** How known_hosts names a host: bare on port 22, else "[host]:port". */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export interface KnownHostsEntry {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly marker: '@revoked' | '@cert-authority' | null;
  readonly hostPatterns: string;
  readonly keyType: string;
  readonly key: Buffer;
}

export function parseKnownHosts(text: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostsEntry['marker'] = null;
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields[0];
      fields.shift();
    } else if (fields[0]?.startsWith('@') === true) {
      return; // unknown marker: OpenSSH ignores the line too
    }
    const [hostPatterns, keyType, keyBase64] = fields;
    if (hostPatterns === undefined || keyType === undefined || keyBase64 === undefined) return;
    entries.push({ line: i + 1, marker, hostPatterns, keyType, key: Buffer.from(keyBase64, 'base64') });
  });
  return entries;
}

/** Whether a known_hosts host field (comma-separated patterns) names `name` ("host" or "[host]:port"). */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (salt === undefined || hash === undefined) return false;
    const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return mac === hash;
  }
  let matched = false;
  for (const pattern of field.split(',')) {
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    if (!globMatches(body, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function globMatches(pattern: string, name: string): boolean {
  const re = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${re}$`, 'i').test(name);
}

export type HostKeyVerdict = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * Strict checking: the host must be listed with exactly this key (OpenSSH's
 * StrictHostKeyChecking=yes). `file` only serves the messages.
 */
export function checkKnownHosts(
  entries: readonly KnownHostsEntry[] | null,
  file: string,
  host: string,
  port: number,
  keyBlob: Buffer,
): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const seen = `${keyTypeOf(keyBlob)} ${sha256Fingerprint(keyBlob)}`;
  // Host and file quoted for the shell: the hint is meant to be pasted as it stands.
  const keyscan = `ssh-keyscan${port === 22 ? '' : ` -p ${port}`} ${quoteWord(host)} >> ${quoteWord(file)}`;
  if (entries === null) {
    return {
      ok: false,
      message:
        `host key check failed for ${name}: known_hosts file ${file} does not exist (strict checking); ` +
        `the server offered ${seen}. If that is the right machine, add it with: ${keyscan}`,
    };
  }
  const forHost = entries.filter((e) => matchesName(e, name) && e.marker !== '@cert-authority');
  if (forHost.some((e) => e.marker === '@revoked' && e.key.equals(keyBlob))) {
    return { ok: false, message: `host key ${seen} of ${name} is marked @revoked in ${file}` };
  }
  const listed = forHost.filter((e) => e.marker === null);
  if (listed.some((e) => e.key.equals(keyBlob))) return { ok: true };
  if (listed.length === 0) {
    return {
      ok: false,
      message:
        `host key check failed: ${name} is not listed in ${file} (strict checking); the server offered ${seen}. ` +
        `If that is the right machine, add it with: ${keyscan}`,
    };
  }
  const expected = listed
    .map((e) => `${e.keyType} ${sha256Fingerprint(e.key)} (line ${e.line})`)
    .join(', ');
  return {
    ok: false,
    message:
      `host key mismatch for ${name}: ${file} lists ${expected}, but the server offered ${seen}. ` +
      `If the machine was re-created, remove the old entry with: ssh-keygen -R ${quoteWord(name)} -f ${quoteWord(file)}`,
  };
}

function matchesName(e: KnownHostsEntry, name: string): boolean {
  return hostFieldMatches(e.hostPatterns, name);
}

/** Server host-key algorithms that produce keys of the given known_hosts key types (ssh2 names). */
export function hostKeyAlgorithmsFor(keyTypes: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of keyTypes) {
    const algos = t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t];
    for (const a of algos) if (SSH2_HOST_KEY_ALGORITHMS.includes(a) && !out.includes(a)) out.push(a);
  }
  return out;
}

/** The server host-key algorithms ssh2 1.x can verify. */
const SSH2_HOST_KEY_ALGORITHMS: readonly string[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
  'ssh-dss',
];

/** Key types listed (not revoked) for a host, in file order: the algorithms to ask the server for. */
export function listedKeyTypes(entries: readonly KnownHostsEntry[], host: string, port: number): string[] {
  const name = knownHostsName(host, port);
  const types: string[] = [];
  for (const e of entries) {
    if (e.marker === null && matchesName(e, name) && !types.includes(e.keyType)) types.push(e.keyType);
  }
  return types;
}
