import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MountTable } from '../../mountinfo/table.ts';
import { SANDBOX_AFTER, SANDBOX_BEFORE } from '../tree/fixtures.ts';
import { treePicture } from '../tree/picture.ts';
import { pictureSvg } from '../tree/svg.ts';
import { writeHandout } from './write.ts';

/**
 * slave-scenario.ndjson: the envelopes of one real run of bind-propagation.feature (sandbox
 * target), cut down to the scenario "a slave receives from its master and sends nothing back",
 * without the hooks' attachments. The test adds what the step code will attach to its second
 * `When I run:` step: what the command printed (text/plain) and the tree after it (SVG, base64).
 */
const FIXTURE = new URL('./slave-scenario.ndjson', import.meta.url);
const WHEN_STEP = '4a587850-2983-4e12-881c-9bc1157d5867';
const HOOK_STEP = '5dc4cb22-bc4c-4ce0-b1f6-cf1b38ae5ce1';

async function run(edit: (line: string) => string = (line) => line): Promise<{ html: string; written: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'mountlab-handout-'));
  try {
    const lines = (await readFile(FIXTURE, 'utf8')).trimEnd().split('\n').map(edit);
    const started = lines.map((l) => JSON.parse(l) as { testCaseStarted?: { id: string } }).find((e) => e.testCaseStarted)?.testCaseStarted?.id;
    assert.ok(started !== undefined);
    const svg = pictureSvg(treePicture([{ label: 'the sandbox', before: MountTable.parse(SANDBOX_BEFORE), after: MountTable.parse(SANDBOX_AFTER) }], ['/tmp/t']));
    const attach = (testStepId: string, mediaType: string, body: string, contentEncoding = 'IDENTITY') =>
      JSON.stringify({ attachment: { testCaseStartedId: started, testStepId, mediaType, body, contentEncoding } });
    lines.push(
      attach(WHEN_STEP, 'text/plain', 'mount: /tmp/b: <printed> & done'),
      attach(WHEN_STEP, 'image/svg+xml', Buffer.from(`<?xml version="1.0"?>\n${svg}`).toString('base64'), 'BASE64'),
      attach(HOOK_STEP, 'text/plain', 'after-hook transcript'),
    );
    const messages = join(dir, 'messages.ndjson');
    await writeFile(messages, `${lines.join('\n')}\n`);
    const written = await writeHandout(messages, join(dir, 'handout'));
    return { html: await readFile(written[0] ?? '', 'utf8'), written: written.map((p) => p.slice(dir.length)) };
  } finally {
    await rm(dir, { recursive: true });
  }
}

test('one self-contained page per feature: description, each step with its command, output and tree', async () => {
  const { html, written } = await run();
  assert.deepEqual(written, ['/handout/bind-propagation.html']);
  assert.match(html, /<h1>Shared, private, slave and unbindable bind mounts<\/h1>/);
  assert.match(html, /A slave receives from its master and sends nothing back\./, 'the feature description');
  assert.match(html, /<h2>a slave receives from its master and sends nothing back<\/h2>\n<p class="description">sharedsubtree.rst: --make-slave;/);
  const steps = [...html.matchAll(/<li class="step"><p><span class="keyword">(\w+)<\/span> ([^<]*)</g)].map((m) => `${m[1] ?? ''} ${m[2] ?? ''}`);
  assert.deepEqual(steps.slice(0, 4), ['Given a fresh lab', 'When I run:', 'Then it succeeds', 'When I run:']);
  assert.equal(steps.length, 9);
  assert.ok(html.includes('<pre class="command">mount --make-shared /tmp/a\nmount --bind /tmp/a /tmp/b\nmount --make-slave /tmp/b\n'));
  assert.ok(html.includes('<pre class="printed">mount: /tmp/b: &lt;printed&gt; &amp; done</pre>'));
  assert.ok(html.includes('<figure class="tree"><svg xmlns="http://www.w3.org/2000/svg"'), 'the SVG inlined, its XML declaration dropped');
  assert.match(html, /<g class="mount" data-mount-point="\/tmp\/t\/b" data-master="1" data-change="changed">/);
  assert.ok(!html.includes('after-hook transcript'), 'hook attachments are not steps');
  assert.ok(!html.includes('<pre class="error">'), 'every step of this run passed');
});

test('prints well and needs nothing beside it', async () => {
  const { html } = await run();
  assert.match(html, /@media print \{[^}]*body/);
  assert.match(html, /li\.step, figure\.tree \{ break-inside: avoid; \}/);
  assert.doesNotMatch(html, /<(link|script|img)\b/);
  assert.doesNotMatch(html, / (src|href)="/);
});

test('a failing step shows its status and cucumber\'s message', async () => {
  const SUCCEEDS = '09bab8b9-6646-43ff-a474-6d8880d89e49';
  const fail = (line: string) =>
    line.includes('"testStepFinished"') && line.includes(SUCCEEDS)
      ? line.replace('"status":"PASSED"', '"status":"FAILED","message":"expected exit code 0, got exit code 32\\nmount: /tmp/b: <bad>"')
      : line;
  const { html } = await run(fail);
  assert.match(html, /<span class="keyword">Then<\/span> it succeeds<span class="status status-FAILED">failed<\/span><\/p>\n<pre class="error">expected exit code 0, got exit code 32\nmount: \/tmp\/b: &lt;bad&gt;<\/pre>/);
});
