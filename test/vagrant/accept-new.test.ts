/**
 * The vagrant target's trust-on-first-use for public boxes (no manifest to pin the host key
 * from): acceptNewHostKey fetches the key over ssh2 into mountlab's own known_hosts, a strict
 * connectSsh then accepts it, and a VM created anew at the same address replaces the old key.
 * Against a real OpenSSH sshd on 127.0.0.1 (test/ssh/sshd.ts); skipped without /usr/sbin/sshd.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acceptNewHostKey, fetchHostKey } from '../../src/transport/ssh/host-key-scan.ts';
import { connectSsh } from '../../src/transport/ssh/index.ts';
import { sha256Fingerprint } from '../../src/transport/ssh/known-hosts.ts';
import { sshdUnavailable, startSshd } from '../ssh/sshd.ts';

const skip = sshdUnavailable() ?? false;

test('accept-new into a mountlab-owned known_hosts, then strict; a fresh VM replaces the key', { skip }, async () => {
  const sshd = await startSshd();
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-known-hosts-'));
  try {
    const key = await fetchHostKey(sshd.host, sshd.port, 10_000);
    assert.equal(sha256Fingerprint(key.blob), sshd.hostKeySha256);

    const file = join(dir, 'known_hosts');
    const lines: string[] = [];
    await acceptNewHostKey(file, sshd.host, sshd.port, false, (l) => lines.push(l));
    const written = readFileSync(file, 'utf8');
    assert.match(written, new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd.port} ${key.type} \\S+\\n$`));
    assert.match(lines[0] ?? '', /added \[127\.0\.0\.1\]:\d+'s host key SHA256:\S+ to .*known_hosts \(accept-new\)/);

    const t = await connectSsh({
      host: sshd.host, port: sshd.port, username: sshd.username, privateKey: sshd.privateKey, hostKey: { knownHostsFile: file },
    });
    assert.equal((await t.exec(['echo', 'ok'])).stdout, 'ok\n');
    await t.close();

    // Listed already: nothing fetched, nothing written.
    await acceptNewHostKey(file, sshd.host, sshd.port, false);
    assert.equal(readFileSync(file, 'utf8'), written);

    // A wrong key for this address (an earlier VM) plus an unrelated line: `replace` (the target
    // just created the VM) drops the stale line, keeps the other, adds the real key.
    writeFileSync(file, `other.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZha2VmYWtlZmFrZWZha2VmYWtlZmFrZWZha2VmYWtl\n[127.0.0.1]:${sshd.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHN0YWxlc3RhbGVzdGFsZXN0YWxlc3RhbGVzdGFsZXN0YWxl\n`);
    await acceptNewHostKey(file, sshd.host, sshd.port, true);
    const after = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(after.length, 2);
    assert.match(after[0] ?? '', /^other\.example /);
    assert.equal(after[1], written.trim());
  } finally {
    await sshd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
