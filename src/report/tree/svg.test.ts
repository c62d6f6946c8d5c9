import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MountTable } from '../../mountinfo/table.ts';
import { NAMESPACE_MOUNTINFO } from '../../mountinfo/fixtures.ts';
import { SANDBOX_AFTER, SANDBOX_BEFORE, WINDOW_OTHER, WINDOW_SLAVE } from './fixtures.ts';
import { GROUP_COLOURS } from './groups.ts';
import { treePicture } from './picture.ts';
import { pictureSvg } from './svg.ts';

const table = (text: string) => MountTable.parse(text);
const svg = pictureSvg(
  treePicture(
    [
      { label: 'the sandbox', before: table(SANDBOX_BEFORE), after: table(SANDBOX_AFTER) },
      { label: 'window "other"', after: table(WINDOW_OTHER) },
      { label: 'window "slave"', after: table(WINDOW_SLAVE) },
    ],
    ['/tmp/t'],
  ),
);

/** The opening tag of each drawn mount, as [namespace, mount point, attributes]. */
function mounts(doc: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const ns of doc.split('<g class="namespace"').slice(1)) {
    const label = /^ data-namespace="([^"]*)"/.exec(ns)?.[1] ?? '';
    for (const m of ns.matchAll(/<g class="mount" data-mount-point="([^"]*)"([^>]*)>/g)) out.set(`${label} ${m[1] ?? ''}`, m[2] ?? '');
  }
  return out;
}

test('well-formed: every < opens a tag and every & starts an entity, paths with spaces and <& included', () => {
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.doesNotMatch(svg, /<(?![a-zA-Z/])/);
  assert.doesNotMatch(svg, /&(?!(lt|gt|amp|quot|apos);)/);
  assert.ok(svg.includes('>~ /tmp/t/x &lt;&amp;y</text>'));
  const odd = pictureSvg(treePicture([{ label: 'the sandbox', after: table(NAMESPACE_MOUNTINFO) }], ['/tmp/mlcap/a\nb', '/tmp/mlcap/x y']));
  assert.ok(odd.includes('data-mount-point="/tmp/mlcap/a\u240ab"'), 'a newline in a mount point is drawn as ␊');
  assert.ok(odd.includes('>/tmp/mlcap/x y</text>'));
});

test('one peer group across the sandbox and a window: the same mark and colour in both columns and one legend line', () => {
  const drawn = mounts(svg);
  for (const key of ['the sandbox /tmp/t/a', 'window "other" /tmp/t/a', 'window "other" /tmp/t/b']) {
    assert.match(drawn.get(key.replaceAll('"', '&quot;')) ?? '', / data-group="1"/, key);
  }
  assert.equal(svg.match(/<g class="legend" data-group="1">/g)?.length, 1);
  assert.ok(svg.includes('peer group 1: /tmp/t/a, /tmp/t/a in window &quot;other&quot;, and /tmp/t/b in window &quot;other&quot;; slaves: /tmp/t/b,'));
  assert.ok(svg.includes(`<circle cx="27" cy="`) && svg.includes(`fill="${GROUP_COLOURS[0]}"`));
});

test('slaves point at their master group', () => {
  const drawn = mounts(svg);
  assert.match(drawn.get('the sandbox /tmp/t/b') ?? '', / data-master="1"/);
  assert.doesNotMatch(drawn.get('the sandbox /tmp/t/b') ?? '', / data-group=/, 'no longer a member after --make-slave');
  assert.match(drawn.get('window &quot;slave&quot; /tmp/t/a') ?? '', / data-master="1"/);
  assert.match(drawn.get('the sandbox /tmp/t/b/new') ?? '', / data-master="2"/);
  assert.ok(svg.includes(`fill="${GROUP_COLOURS[0]}">→A</text>`));
  assert.ok(svg.includes(`fill="${GROUP_COLOURS[1]}">→B</text>`));
  const arrows = [...svg.matchAll(/<g class="slave-arrow" data-master="(\d+)" data-slave="([^"]*)">/g)].map((m) => `${m[1] ?? ''} → ${m[2] ?? ''}`);
  assert.deepEqual(arrows, ['1 → /tmp/t/b', '2 → /tmp/t/b/new'], 'an arrow where the master group has a box in the same column, none in window "slave"');
});

test('added, changed and removed mounts are highlighted, with what changed', () => {
  const drawn = mounts(svg);
  assert.match(drawn.get('the sandbox /tmp/t/a/new') ?? '', / data-change="added"/);
  assert.match(drawn.get('the sandbox /tmp/t/b') ?? '', / data-change="changed"/);
  assert.doesNotMatch(drawn.get('the sandbox /tmp/t/a') ?? '', /data-change/);
  assert.doesNotMatch(drawn.get('window &quot;other&quot; /tmp/t/a') ?? '', /data-change/, 'no before table, no change');
  assert.ok(svg.includes('>propagation shared:1 → master:1</text>'));
  assert.ok(svg.includes('>options −rw +ro +noexec</text>'));
  const undo = pictureSvg(treePicture([{ label: 'the sandbox', before: table(SANDBOX_AFTER), after: table(SANDBOX_BEFORE) }], ['/tmp/t']));
  assert.match(mounts(undo).get('the sandbox /tmp/t/a/new') ?? '', / data-change="removed" opacity="0.75"/);
  assert.ok(undo.includes('text-decoration="line-through">− /tmp/t/a/new</text>'));
});
