/**
 * Reading the host key an sshd offers, and OpenSSH's accept-new policy into a known_hosts file
 * mountlab owns (used for public Vagrant boxes, whose host key nobody pinned).
 */
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import ssh2 from 'ssh2';
import { hostFieldMatches, knownHostsName, parseKnownHosts, sha256Fingerprint } from './known-hosts.ts';

/**
 * OpenSSH's accept-new for one host, into a known_hosts file mountlab owns: when the file has
 * no key for host:port (or `replace` is set), fetch the host's key over ssh2 and add it.
 */
export async function acceptNewHostKey(file: string, host: string, port: number, replace: boolean, progress?: (line: string) => void): Promise<void> {
  const name = knownHostsName(host, port);
  const text = await readFile(file, 'utf8').catch(() => '');
  const listed = parseKnownHosts(text).some((e) => hostFieldMatches(e.hostPatterns, name));
  if (listed && !replace) return;
  const key = await fetchHostKey(host, port);
  const isForHost = (line: string): boolean => {
    const field = line.trim().split(/\s+/)[0] ?? '';
    return field !== '' && !field.startsWith('#') && !field.startsWith('@') && hostFieldMatches(field, name);
  };
  const kept = text.split('\n').filter((line) => line.trim() !== '' && !isForHost(line));
  const line = `${name} ${key.type} ${key.blob.toString('base64')}`;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, kept.length > 0 ? `${kept.join('\n')}\n` : '');
  await appendFile(file, `${line}\n`);
  progress?.(`added ${name}'s host key ${sha256Fingerprint(key.blob)} to ${file} (accept-new)`);
}

/** The host key an sshd offers (ssh2 handshake, aborted at the key check). Retries while it boots. */
export async function fetchHostKey(host: string, port: number, timeoutMs = 60_000): Promise<{ type: string; blob: Buffer }> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    const got = await new Promise<{ type: string; blob: Buffer } | null>((resolve) => {
      const client = new ssh2.Client();
      let key: Buffer | null = null;
      const done = (v: { type: string; blob: Buffer } | null): void => {
        client.removeAllListeners();
        client.on('error', () => undefined);
        client.end();
        resolve(v);
      };
      client.on('error', (e: Error) => {
        if (key !== null) {
          const len = key.readUInt32BE(0);
          done({ type: key.subarray(4, 4 + len).toString('latin1'), blob: key });
        } else {
          lastError = e.message;
          done(null);
        }
      });
      client.on('ready', () => {
        done(null);
      });
      client.connect({
        host,
        port,
        username: 'mountlab-keyscan',
        readyTimeout: 10_000,
        algorithms: { serverHostKey: ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'rsa-sha2-512', 'rsa-sha2-256'] },
        hostVerifier: (k: Buffer) => {
          key = k;
          return false;
        },
      });
    });
    if (got !== null) return got;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`could not read the ssh host key of ${host}:${port}: ${lastError}`);
}
