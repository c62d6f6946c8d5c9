import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MountTable } from '../../mountinfo/table.ts';
import { SANDBOX_AFTER, SANDBOX_BEFORE, WINDOW_OTHER } from './fixtures.ts';
import { treePicture } from './picture.ts';
import { pictureText } from './text.ts';

const table = (text: string) => MountTable.parse(text);

test('the terminal picture: one tree per namespace, group marks, changes marked, a legend', () => {
  const picture = treePicture(
    [
      { label: 'the sandbox', before: table(SANDBOX_BEFORE), after: table(SANDBOX_AFTER) },
      { label: 'window "other"', after: table(WINDOW_OTHER) },
    ],
    ['/tmp/t/a', '/tmp/t/b'],
  );
  assert.equal(
    pictureText(picture),
    `the sandbox
/  ext4 /dev/vda  private
└─ /tmp  tmpfs mountlab-sandbox  private
   ├─ /tmp/t/a  tmpfs a-src  [A] shared:1
   │  └─ + /tmp/t/a/new  tmpfs new ro  [B] shared:2
   └─ ~ /tmp/t/b  tmpfs a-src  →[A] master:1   (propagation shared:1 → master:1)
      └─ + /tmp/t/b/new  tmpfs new ro  →[B] master:2

window "other"
/  ext4 /dev/vda  private
└─ /tmp  tmpfs mountlab-sandbox  private
   ├─ /tmp/t/a  tmpfs a-src  [A] shared:1
   └─ /tmp/t/b  tmpfs a-src  [A] shared:1

[A] peer group 1: /tmp/t/a, /tmp/t/a in window "other", and /tmp/t/b in window "other"; slaves: /tmp/t/b
[B] peer group 2: /tmp/t/a/new; slaves: /tmp/t/b/new
+ added  − removed  ~ changed`,
  );
});

test('removed mounts stay under their old parent, unmarked; ANSI colour only when asked', () => {
  const undo = treePicture([{ label: 'the sandbox', before: table(SANDBOX_AFTER), after: table(SANDBOX_BEFORE) }], ['/tmp/t/a']);
  const text = pictureText(undo);
  assert.match(text, /└─ \/tmp\/t\/a {2}tmpfs a-src {2}\[A\] shared:1\n {6}└─ − \/tmp\/t\/a\/new {2}tmpfs new ro {2}shared:2\n/);
  assert.doesNotMatch(text, /\[B\]/, 'a removed mount is in no group');
  assert.ok(!text.includes('\x1b['));
  assert.ok(pictureText(undo, { colour: true }).includes('\x1b[38;5;25m[A]\x1b[0m'));
});
