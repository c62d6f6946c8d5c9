import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runLab } from '../suite/run-lab.ts';
import { haveChromium, probePage, CHROMIUM } from './chromium.ts';
import { PICTURE_PROBE, type ShownPicture } from './picture-probe.ts';

/** Kept for people to look at (git-ignored, like every report). */
const DIR = 'reports/workshop-browser';
const SCENARIO = 'the bind of a shared mount is its peer, both ways';

const skip = process.getuid?.() !== 0 ? 'needs root (the local target does)' : !haveChromium ? `${CHROMIUM} not installed (scripts/setup.sh test)` : false;

/** The shared/peer scenario's last picture: /tmp/b a peer of /tmp/a, and the mount made under /tmp/b in both. */
function checkPeerPicture(pictures: readonly ShownPicture[], where: string): void {
  assert.equal(pictures.length, 2, `${where}: one picture per step that changed a mount (the two "When I run")`);
  for (const p of pictures) assert.ok(p.width > 100, `${where}: a picture did not render (width ${p.width})`);
  const first = pictures[0]?.columns[0]?.mounts ?? [];
  assert.deepEqual(first.filter((m) => m.change !== null).map((m) => `${m.change} ${m.path}`), ['added /tmp/a'], `${where}: the first step's bind marked as added`);
  const last = pictures[1];
  assert.ok(last !== undefined);
  assert.deepEqual(last.columns.map((c) => c.label), ['the sandbox']);
  const mounts = last.columns[0]?.mounts ?? [];
  const paths = mounts.map((m) => m.path);
  for (const path of ['/', '/tmp', '/tmp/a', '/tmp/b', '/tmp/a/from-b', '/tmp/b/from-b']) assert.ok(paths.includes(path), `${where}: ${path} not drawn in ${paths.join(' ')}`);
  assert.ok(paths.every((p) => !/^\/(proc|sys|dev)(\/|$)/.test(p)), `${where}: an untouched system tree drawn: ${paths.join(' ')}`);
  const at = (path: string) => mounts.find((m) => m.path === path);
  assert.ok(at('/tmp/a')?.group != null, `${where}: /tmp/a is in no peer group`);
  assert.equal(at('/tmp/b')?.group, at('/tmp/a')?.group, `${where}: /tmp/a and /tmp/b drawn as one peer group`);
  assert.equal(at('/tmp/b/from-b')?.group, at('/tmp/a/from-b')?.group, `${where}: the mounts made under them drawn as one peer group`);
  assert.equal(at('/tmp/b')?.change, 'added');
  assert.equal(at('/tmp/b/from-b')?.change, 'added');
  const legend = last.legend.find((l) => l.includes(`peer group ${at('/tmp/a')?.group ?? '?'}:`));
  assert.ok(legend !== undefined && legend.includes('/tmp/a') && legend.includes('/tmp/b'), `${where}: the legend names the peer group: ${last.legend.join(' | ')}`);
}

test('the tree pictures render in headless Chromium, in cucumber.html and in the handout', { skip, timeout: 10 * 60 * 1000 }, async () => {
  await rm(DIR, { recursive: true, force: true });
  const r = runLab(['--target', 'local', '--handout', '--name', SCENARIO, 'features/bind-propagation.feature'], { env: { MOUNTLAB_REPORT_DIR: DIR } });
  assert.equal(r.status, 0, `the run failed:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, new RegExp(`handout: ${DIR}/handout/bind-propagation.html`));

  const report = JSON.parse(await probePage(join(DIR, 'cucumber.html'), PICTURE_PROBE, { path: join(DIR, 'cucumber.png'), width: 1100, height: 2000 })) as ShownPicture[];
  assert.ok(report.every((p) => p.kind === 'img'));
  checkPeerPicture(report, 'cucumber.html');

  const handout = JSON.parse(await probePage(join(DIR, 'handout', 'bind-propagation.html'), PICTURE_PROBE, { path: join(DIR, 'handout.png'), width: 900, height: 2000 })) as ShownPicture[];
  assert.ok(handout.every((p) => p.kind === 'inline'));
  checkPeerPicture(handout, 'the handout');
});
