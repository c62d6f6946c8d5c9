/**
 * The lab VM as an ordinary user (issue 12): a fresh user given subordinate ids by
 * scripts/lab-user.sh (what `sudo sh scripts/setup.sh lab` does for its caller) builds the lab
 * image in its own copy of the repository and runs one feature on the qemu target; every file it
 * made is its own, the files inside the image are root's as in any Debian system, and the keys
 * are private. Slow (an image build and a VM boot): runs with MOUNTLAB_VM_TEST=1, as root (to
 * make and remove the user). The apt cache of this checkout (lab/cache) is read, never written.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const USER = 'mountlab-rootless';
const home = `/home/${USER}`;
const copy = join(home, 'mountlab');
const image = join(copy, 'lab', 'build', 'mountlab-bookworm');
const cache = join(repo, 'lab', 'cache');

const skip =
  process.env.MOUNTLAB_VM_TEST !== '1' ? 'builds an image and boots a VM: set MOUNTLAB_VM_TEST=1'
  : process.getuid?.() !== 0 ? 'makes a user: run as root'
  : spawnSync('sh', ['-c', 'command -v useradd runuser newuidmap debugfs']).status !== 0 ? 'needs useradd, runuser, newuidmap (uidmap), debugfs'
  : false;

function sh(script: string): string {
  return execFileSync('sh', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}
/** Runs as the user, in its copy, with its own HOME; the output goes to this test's stderr. */
function asUser(command: string): number | null {
  const r = spawnSync('runuser', ['-u', USER, '--', 'env', `HOME=${home}`, 'sh', '-c', `cd ${copy} && ${command}`], { stdio: ['ignore', 'inherit', 'inherit'] });
  return r.status;
}
function removeUser(): void {
  // its image build's work directory, and the compiled TypeScript of a user who may not write
  // node_modules/.cache (support/build.mjs), which is the case here: node_modules is root's
  sh(`if id ${USER} >/dev/null 2>&1; then rm -rf /var/tmp/mountlab-build-*-$(id -u ${USER}) ${tmpdir()}/mountlab-compiled-$(id -u ${USER})-*; userdel -r ${USER} 2>/dev/null || true; fi`);
}

before(() => {
  if (skip !== false) return;
  removeUser();
  // no subordinate ids of its own: lab-user.sh gives them, as setup.sh does
  sh(`useradd --create-home --shell /bin/sh -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 ${USER}`);
  sh(`sh ${join(repo, 'scripts', 'lab-user.sh')} ${USER} >&2`);
  // the checkout's files as they are now (committed or not), node_modules shared read-only
  sh(`mkdir ${copy} && cd ${repo} && git ls-files -co --exclude-standard | grep -v '^node_modules$' | tar -cf - -T - | tar -xf - -C ${copy}`);
  sh(`ln -s ${realpathSync(join(repo, 'node_modules'))} ${copy}/node_modules && chown -R -h ${USER}: ${home}`);
});
after(() => {
  if (skip === false && process.env.MOUNTLAB_KEEP !== '1') removeUser();
});

test('an ordinary user builds the lab image without root: its files are root\'s inside, the keys private', { skip }, () => {
  const cacheArg = existsSync(cache) ? `--cache ${realpathSync(cache)}` : '';
  assert.equal(asUser(`lab/image/build.sh --no-box ${cacheArg}`), 0, 'lab/image/build.sh as the user');
  assert.equal(sh(`find ${copy} ! -user ${USER} -printf '%u %p\\n'`), '', 'files in the copy not owned by the user');
  assert.equal(sh(`ls -d /var/tmp/mountlab-build-*-$(id -u ${USER}) 2>/dev/null || true`), '', 'the build removed its work directory');
  assert.equal(sh(`sh ${copy}/lab/image/private-files.sh check ${image} 2>&1 || true`), '');
  // inside the image, ownership as in any Debian system: mkfs.ext4 -d ran as the namespace's root
  const raw = join(home, 'disk.raw');
  assert.equal(asUser(`qemu-img convert -O raw ${image}/disk.qcow2 ${raw}`), 0);
  try {
    const owner = (path: string): string => sh(`debugfs -R 'stat ${path}' ${raw} 2>/dev/null | sed -n 's/.*User: *\\([0-9]*\\) *Group: *\\([0-9]*\\).*/\\1:\\2/p;s/.*Mode: *\\([0-7]*\\).*/\\1/p' | tr '\\n' ' '`).trim();
    // debugfs prints the mode, then the owner: "MODE UID:GID"
    assert.equal(owner('/etc/shadow'), '0640 0:42');
    assert.equal(owner('/usr/bin/sudo'), '04755 0:0');
    assert.equal(owner('/root/.ssh/authorized_keys'), '0600 0:0');
    assert.equal(owner('/home/vagrant/.ssh'), '0700 1000:1000');
  } finally {
    sh(`rm -f ${raw}`);
  }
});

test('an ordinary user runs a feature on the qemu target; nothing it made is root\'s', { skip }, () => {
  assert.equal(asUser('npm run lab -- features/bind-propagation.feature'), 0, 'npm run lab as the user');
  assert.equal(sh(`find ${home} ! -user ${USER} -printf '%u %p\\n'`), '', 'files under the user\'s home not owned by the user');
  assert.ok(existsSync(join(copy, 'reports', 'qemu', 'cucumber.html')));
  assert.equal(sh(`sh ${copy}/lab/image/private-files.sh check ${image} 2>&1 || true`), '');
});
