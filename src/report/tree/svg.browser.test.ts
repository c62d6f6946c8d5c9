import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MountTable } from '../../mountinfo/table.ts';
import { NAMESPACE_MOUNTINFO } from '../../mountinfo/fixtures.ts';
import { SANDBOX_AFTER, SANDBOX_BEFORE, WINDOW_OTHER, WINDOW_SLAVE } from './fixtures.ts';
import { treePicture } from './picture.ts';
import { pictureSvg } from './svg.ts';

const run = promisify(execFile);
const CHROMIUM = process.env.MOUNTLAB_CHROMIUM ?? 'chromium';

/**
 * Lays each picture out in headless Chromium (Debian's `chromium`) and reads back, per mount box,
 * how far its widest text reaches past the box: the layout guesses text widths from a monospace
 * advance, and this checks the guess against the fonts a browser really uses.
 */
const PROBE = `<script>
const out = [...document.querySelectorAll('g.mount')].map((g) => {
  const box = g.querySelector('rect').getBBox();
  const texts = [...g.querySelectorAll('text')].map((t) => t.getBBox());
  const reach = Math.max(...texts.map((t) => t.x + t.width));
  return [g.closest('g.namespace').dataset.namespace, g.dataset.mountPoint, Math.round(box.x + box.width - reach)];
});
const pre = document.createElement('pre');
pre.id = 'pro' + 'be';
pre.textContent = JSON.stringify(out);
document.body.append(pre);
</script>`;

async function layOut(svg: string): Promise<[string, string, number][]> {
  const dir = await mkdtemp(join(tmpdir(), 'mountlab-svg-'));
  try {
    const page = join(dir, 'page.html');
    await writeFile(page, `<!DOCTYPE html><html><body>${svg}${PROBE}</body></html>`);
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`];
    const { stdout } = await run(CHROMIUM, [...flags, '--dump-dom', `file://${page}`], { timeout: 60_000 });
    const dumped = /<pre id="probe">(.*)<\/pre>/.exec(stdout)?.[1];
    assert.ok(dumped !== undefined, 'the probe ran');
    const json = dumped.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&nbsp;', '\u00a0').replaceAll('&amp;', '&');
    return JSON.parse(json) as [string, string, number][];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const chromium = await run(CHROMIUM, ['--version']).then(() => true, () => false);

test('in a real browser every mount is drawn and its text stays inside its box', { skip: chromium ? false : `${CHROMIUM} not installed (scripts/setup.sh test)` }, async () => {
  const table = (text: string) => MountTable.parse(text);
  const picture = treePicture(
    [
      { label: 'the sandbox', before: table(SANDBOX_BEFORE), after: table(SANDBOX_AFTER) },
      { label: 'window "other"', after: table(WINDOW_OTHER) },
      { label: 'window "slave"', after: table(WINDOW_SLAVE) },
      { label: 'unit "x"', after: table(NAMESPACE_MOUNTINFO) },
    ],
    ['/tmp/t', '/tmp/mlcap/sub dir bind', '/tmp/mlcap/sharedslave'],
  );
  const boxes = await layOut(pictureSvg(picture));
  assert.deepEqual(boxes.filter(([ns]) => ns === 'the sandbox').map(([, path]) => path), ['/', '/tmp', '/tmp/t/a', '/tmp/t/a/new', '/tmp/t/b', '/tmp/t/b/new', '/tmp/t/x <&y']);
  assert.equal(boxes.length, 7 + 5 + 5 + 5);
  for (const [ns, path, room] of boxes) assert.ok(room >= 0, `${path} in ${ns}: text runs ${-room}px past its box`);
});
