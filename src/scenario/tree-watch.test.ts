import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MountTable } from '../mountinfo/table.ts';
import { SANDBOX_AFTER, SANDBOX_BEFORE, WINDOW_OTHER } from '../report/tree/fixtures.ts';
import { TreeWatch } from './tree-watch.ts';
import { SANDBOX } from './place.ts';

const before = MountTable.parse(SANDBOX_BEFORE);
const after = MountTable.parse(SANDBOX_AFTER);
const other = { kind: 'window', name: 'other' } as const;

test('a picture is due after a command or a new place, and reuses the tables read since the last command', () => {
  const watch = new TreeWatch();
  assert.equal(watch.due, false);
  watch.use(SANDBOX);
  watch.ran('mount --make-slave /tmp/t/b');
  assert.equal(watch.due, true);
  assert.deepEqual(watch.placesToDraw(), [{ place: SANDBOX, fresh: undefined }], 'nothing read since the command');
  watch.read(SANDBOX, before);
  assert.equal(watch.placesToDraw()[0]?.fresh, before);
  watch.draw(['When I run "..."'], [{ place: SANDBOX, table: before }], 't');
  assert.equal(watch.due, false);
  watch.read(other, MountTable.parse(WINDOW_OTHER));
  assert.equal(watch.due, true, 'a window looked at for the first time is drawn next');
  watch.ran('true');
  assert.deepEqual(watch.placesToDraw().map((p) => p.fresh), [undefined, undefined], 'a command makes every table read before it stale');
});

test('the picture shows only the touched paths and highlights what changed since the last picture', () => {
  const watch = new TreeWatch();
  watch.use(SANDBOX);
  watch.ran('mount --make-slave /tmp/t/b');
  const first = watch.draw(['Given a directory "/tmp/t"'], [{ place: SANDBOX, table: before }], 't');
  assert.equal(first.changed, true, 'the first picture of a place counts as a change');
  assert.deepEqual(first.picture.columns[0]?.rows.map((r) => r.mount.mountPoint), ['/', '/tmp', '/tmp/t/a', '/tmp/t/b', '/tmp/t/x <&y']);
  const same = watch.draw([], [{ place: SANDBOX, table: before }], 't');
  assert.equal(same.changed, false);
  const second = watch.draw([], [{ place: SANDBOX, table: after }], 't');
  assert.equal(second.changed, true);
  const marks = second.picture.columns[0]?.rows.filter((r) => r.change !== null).map((r) => `${r.change} ${r.mount.mountPoint}`);
  assert.deepEqual(marks, ['added /tmp/t/a/new', 'changed /tmp/t/b', 'added /tmp/t/b/new', 'changed /tmp/t/x <&y']);
  assert.match(second.text, /\/tmp\/t\/b/);
  assert.ok(second.picture.columns[0]?.rows.every((r) => !/^\/(proc|sys|dev)(\/|$)/.test(r.mount.mountPoint)));
  assert.match(second.svg, /^<svg/);
});

test('with a baseline (the sandbox before any command) the first picture highlights what the first step mounted', () => {
  const watch = new TreeWatch();
  watch.baseline(SANDBOX, before);
  watch.use(SANDBOX);
  watch.ran('mount -t tmpfs new /tmp/t/a/new');
  const unchanged = watch.draw(['When I run "mkdir /tmp/t"'], [{ place: SANDBOX, table: before }], 't');
  assert.equal(unchanged.changed, false, 'a step that mounted nothing draws no picture, even the first');
  const first = watch.draw([], [{ place: SANDBOX, table: after }], 't');
  assert.equal(first.changed, true);
  assert.ok(first.picture.columns[0]?.rows.some((r) => r.change === 'added' && r.mount.mountPoint === '/tmp/t/a/new'));
});
