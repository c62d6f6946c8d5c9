import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import ssh2 from 'ssh2';
import {
  checkKnownHosts,
  hostFieldMatches,
  hostKeyAlgorithmsFor,
  keyTypeOf,
  knownHostsName,
  listedKeyTypes,
  normalizeFingerprint,
  parseKnownHosts,
  sha256Fingerprint,
} from './known-hosts.ts';

const key = ssh2.utils.generateKeyPairSync('ed25519');
const other = ssh2.utils.generateKeyPairSync('ed25519');
const [type = '', b64 = ''] = key.public.split(' ');
const blob = Buffer.from(b64, 'base64');

test('fingerprints: unpadded base64 SHA-256, the key type read from the blob', () => {
  assert.match(sha256Fingerprint(blob), /^SHA256:[A-Za-z0-9+/]{43}$/);
  assert.equal(keyTypeOf(blob), 'ssh-ed25519');
  assert.equal(type, 'ssh-ed25519');
  const fp = sha256Fingerprint(blob);
  assert.equal(normalizeFingerprint(`${fp}=`), fp);
  assert.equal(normalizeFingerprint(fp.slice('SHA256:'.length)), fp);
});

test('host names: bare on port 22, [host]:port elsewhere', () => {
  assert.equal(knownHostsName('example.org', 22), 'example.org');
  assert.equal(knownHostsName('127.0.0.1', 2222), '[127.0.0.1]:2222');
});

test('patterns: lists, wildcards, negation, case-insensitive, hashed', () => {
  assert.equal(hostFieldMatches('a.example,b.example', 'b.example'), true);
  assert.equal(hostFieldMatches('*.example', 'B.EXAMPLE'), true);
  assert.equal(hostFieldMatches('*.example,!bad.example', 'bad.example'), false);
  assert.equal(hostFieldMatches('[127.0.0.1]:2222', '[127.0.0.1]:2222'), true);
  assert.equal(hostFieldMatches('127.0.0.1', '[127.0.0.1]:2222'), false);
  assert.equal(hostFieldMatches('[127.0.0.1]:2?2?', '[127.0.0.1]:2222'), true);
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update('[127.0.0.1]:2222').digest('base64');
  const hashed = `|1|${salt.toString('base64')}|${hash}`;
  assert.equal(hostFieldMatches(hashed, '[127.0.0.1]:2222'), true);
  assert.equal(hostFieldMatches(hashed, '[127.0.0.1]:2223'), false);
});

test('strict check: listed key ok; other key mismatch; unlisted host; revoked; no file', () => {
  const file = '/tmp/kh';
  const entries = parseKnownHosts(
    [
      '# comment',
      '',
      `[127.0.0.1]:2222 ${key.public}`,
      `[127.0.0.1]:2223 ${other.public}`,
      `@revoked [127.0.0.1]:2224 ${key.public}`,
      `[127.0.0.1]:2224 ${key.public}`,
      `@cert-authority * ${other.public}`,
    ].join('\n'),
  );
  assert.equal(entries.length, 5);
  assert.deepEqual(checkKnownHosts(entries, file, '127.0.0.1', 2222, blob), { ok: true });
  const mismatch = checkKnownHosts(entries, file, '127.0.0.1', 2223, blob);
  assert.equal(mismatch.ok, false);
  assert.match(mismatch.message, /host key mismatch for \[127\.0\.0\.1\]:2223/);
  assert.ok(mismatch.message.includes(sha256Fingerprint(blob)));
  assert.match(mismatch.message, /line 4/);
  const unlisted = checkKnownHosts(entries, file, '127.0.0.1', 2299, blob);
  assert.equal(unlisted.ok, false);
  assert.match(unlisted.message, /\[127\.0\.0\.1\]:2299 is not listed in \/tmp\/kh/);
  const revoked = checkKnownHosts(entries, file, '127.0.0.1', 2224, blob);
  assert.equal(revoked.ok, false);
  assert.match(revoked.message, /@revoked/);
  const missing = checkKnownHosts(null, file, '127.0.0.1', 2222, blob);
  assert.equal(missing.ok, false);
});

test('host key algorithms follow the key types the file lists', () => {
  const entries = parseKnownHosts(`[h]:2 ssh-rsa AAAA\n[h]:2 ssh-ed25519 AAAA\nh ecdsa-sha2-nistp256 AAAA\n`);
  assert.deepEqual(listedKeyTypes(entries, 'h', 2), ['ssh-rsa', 'ssh-ed25519']);
  assert.deepEqual(hostKeyAlgorithmsFor(['ssh-rsa', 'ssh-ed25519']), [
    'rsa-sha2-512',
    'rsa-sha2-256',
    'ssh-rsa',
    'ssh-ed25519',
  ]);
  assert.deepEqual(hostKeyAlgorithmsFor(['weird-type']), []);
});

test('the commands the hints suggest quote the host and the file for the shell', () => {
  const file = '/home/a user/.ssh/known_hosts';
  const entries = parseKnownHosts(`[127.0.0.1]:2223 ${other.public}`);
  const mismatch = checkKnownHosts(entries, file, '127.0.0.1', 2223, blob);
  assert.ok(!mismatch.ok && mismatch.message.endsWith(`ssh-keygen -R '[127.0.0.1]:2223' -f '/home/a user/.ssh/known_hosts'`), mismatch.ok ? '' : mismatch.message);
  const unlisted = checkKnownHosts(entries, file, 'lab host;x', 22, blob);
  assert.ok(!unlisted.ok && unlisted.message.endsWith(`ssh-keyscan 'lab host;x' >> '/home/a user/.ssh/known_hosts'`), unlisted.ok ? '' : unlisted.message);
  const missing = checkKnownHosts(null, file, '127.0.0.1', 2222, blob);
  assert.ok(!missing.ok && missing.message.endsWith(`ssh-keyscan -p 2222 127.0.0.1 >> '/home/a user/.ssh/known_hosts'`), missing.ok ? '' : missing.message);
});
