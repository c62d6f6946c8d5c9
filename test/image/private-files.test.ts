/**
 * lab/image/private-files.sh: what holds a private key (the lab key, the disk, the box, RAM
 * snapshots, run overlays) ends 0600 in 0700 directories whatever the umask, and `check` names
 * what is loose. Then the built image itself, where one built from this recipe exists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const lab = fileURLToPath(new URL('../../lab/', import.meta.url));
const helper = join(lab, 'image', 'private-files.sh');
const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);
const run = (...args: string[]): { code: number | null; stderr: string } => {
  const r = spawnSync('sh', [helper, ...args], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
};

test('set makes the key-holding files 0600 and their directories 0700; check then passes', () => {
  const old = process.umask(0);
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-private-'));
  try {
    const image = join(dir, 'mountlab-bookworm');
    mkdirSync(join(image, 'snapshots', 'tcg-x'), { recursive: true, mode: 0o777 });
    mkdirSync(join(image, 'runs', '1-1'), { recursive: true, mode: 0o777 });
    for (const f of ['id_ed25519', 'disk.qcow2', 'mountlab.box', 'vmlinuz', 'snapshots/tcg-x/ram.bin', 'runs/1-1/disk.qcow2']) {
      writeFileSync(join(image, f), 'x', { mode: 0o666 });
    }
    const before = run('check', image);
    assert.equal(before.code, 1);
    for (const f of ['id_ed25519', 'disk.qcow2', 'mountlab.box', 'snapshots/tcg-x/ram.bin', 'runs/1-1/disk.qcow2']) {
      assert.match(before.stderr, new RegExp(`${join(image, f)} is mode 666`));
    }
    assert.doesNotMatch(before.stderr, /vmlinuz/);
    assert.equal(run('set', image).code, 0);
    assert.deepEqual(run('check', image), { code: 0, stderr: '' });
    assert.equal(mode(image), '700');
    for (const f of ['id_ed25519', 'disk.qcow2', 'mountlab.box', 'snapshots/tcg-x/ram.bin', 'runs/1-1/disk.qcow2']) assert.equal(mode(join(image, f)), '600', f);
    for (const d of ['snapshots', 'snapshots/tcg-x', 'runs', 'runs/1-1']) assert.equal(mode(join(image, d)), '700', d);
    // public files keep their mode (the directory already keeps others out)
    assert.equal(mode(join(image, 'vmlinuz')), '666');
  } finally {
    process.umask(old);
    rmSync(dir, { recursive: true, force: true });
  }
});

// The image in lab/build, when this checkout's recipe built it (an older recipe did not set modes).
const built = join(lab, 'build', process.env.MOUNTLAB_IMAGE ?? 'mountlab-bookworm');
function builtByThisRecipe(): boolean {
  if (!existsSync(join(built, 'manifest.json'))) return false;
  const recipe = spawnSync('sh', [join(lab, 'image', 'recipe-id.sh')], { encoding: 'utf8' }).stdout.trim();
  return (JSON.parse(readFileSync(join(built, 'manifest.json'), 'utf8')) as { recipe?: string }).recipe === recipe;
}

test('the built lab image keeps its keys private', { skip: builtByThisRecipe() ? false : `no image in ${built} built from this recipe` }, () => {
  assert.deepEqual(run('check', built), { code: 0, stderr: '' });
  assert.equal(mode(join(built, 'id_ed25519')), '600');
  assert.equal(mode(join(built, 'disk.qcow2')), '600');
});
