/**
 * The reaper and work directories without an owner: only an empty one (at most an empty `owner`
 * file) a minute old is a start stopped between mktemp and naming its owner; anything else stays.
 * Real directories under /tmp with the work directories' names, none of them a sandbox.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { ABANDONED_EMPTY_MS, describeReaped, reapLocalSandboxes } from './reaper.ts';
import { WORK_DIR } from '../../sandbox/launch.ts';

/** A directory named as WORK_DIR_TEMPLATE names them (mkdtemp adds six characters to the two here). */
function workDir(files: Readonly<Record<string, string>>, ageMs: number): string {
  const dir = mkdtempSync('/tmp/mountlab.rt');
  assert.match(dir, WORK_DIR);
  for (const [name, text] of Object.entries(files)) writeFileSync(`${dir}/${name}`, text);
  const when = (Date.now() - ageMs) / 1000;
  utimesSync(dir, when, when);
  return dir;
}

test('an empty work directory without an owner, a minute old, is removed; one just made, or with anything in it, stays', async () => {
  const old = ABANDONED_EMPTY_MS + 5_000;
  const emptyOld = workDir({}, old);
  const emptyOwnerOld = workDir({ owner: '' }, old);
  const emptyNew = workDir({}, 0);
  const withFileOld = workDir({ trace: 'x' }, old);
  const unreadableOwnerOld = workDir({ owner: 'not an identity\n' }, old);
  const ours = [emptyOld, emptyOwnerOld, emptyNew, withFileOld, unreadableOwnerOld];
  try {
    const reaped = (await reapLocalSandboxes()).filter((r) => ours.includes(r.workDir));
    assert.deepEqual(reaped.map((r) => r.workDir).sort(), [emptyOld, emptyOwnerOld].sort());
    assert.deepEqual(reaped.map((r) => [r.init, r.owner]), [[null, null], [null, null]]);
    assert.deepEqual(ours.map((d) => existsSync(d)), [false, false, true, true, true]);
    assert.equal(describeReaped({ workDir: emptyOld, init: null, owner: null }), `removed the empty work directory ${emptyOld} left by a sandbox start stopped before it named its owner`);
  } finally {
    for (const d of ours) rmSync(d, { recursive: true, force: true });
  }
});
