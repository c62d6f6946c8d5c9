import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { suiteRunFromMessages } from './messages.ts';
import { buildMatrix, STATUSES, type KernelRun } from './model.ts';
import { escapeHtml, formatDuration, renderMatrixHtml, rowDiffers, STATUS_STYLE } from './html.ts';

const fixture = (name: string): string => readFileSync(new URL(`../../../test/matrix/fixtures/${name}`, import.meta.url), 'utf8');
const run = (kernel: string, file: string | undefined, release: string, extra: Partial<KernelRun> = {}): KernelRun => ({
  kernel,
  image: { name: `mountlab-${kernel}`, kernelSuite: kernel, kernelRelease: release, kernelPackageVersion: '1.2.3-1', builtAt: '2026-11-24T00:03:12Z' },
  suiteRun: file === undefined ? undefined : suiteRunFromMessages(fixture(file)),
  exitCode: undefined,
  durationMs: 754_000,
  reportHref: `matrix/${kernel}/cucumber.html`,
  problem: undefined,
  ...extra,
});
const matrix = buildMatrix([
  run('bullseye', 'qemu-bullseye.ndjson', '5.10.0-32-amd64', { exitCode: 0 }),
  run('bookworm', 'qemu-bookworm.ndjson', '6.1.0-56-amd64', { exitCode: 0 }),
  run('trixie', 'qemu-trixie.ndjson', '6.12.117+deb13-amd64', { exitCode: 1 }),
  // a run on another machine: its manifest says one kernel, the run saw another
  run('sandbox', 'sandbox-skip.ndjson', '6.1.0-56-amd64', { exitCode: 0, reportHref: undefined }),
], new Date('2026-11-24T01:02:03Z'));
const html = renderMatrixHtml(matrix);

/** The <tr> of a scenario (rows have the key as id). */
function rowOf(key: string): string {
  const id = key.replace(/[^A-Za-z0-9]+/g, '-');
  const start = html.indexOf(`<tr id="${id}">`);
  assert.ok(start >= 0, key);
  return html.slice(start, html.indexOf('</tr>', start));
}

test('a self-contained page: inline CSS, no scripts, nothing loaded from elsewhere', () => {
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(html, /<meta charset="utf-8">/);
  assert.match(html, /<style>[^<]+<\/style>/);
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(/i);
  assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//i);
  // links only to each kernel's own cucumber report, beside the page, and within the page
  const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
  assert.deepEqual(hrefs.filter((h) => !h.startsWith('#')), ['matrix/bullseye/cucumber.html', 'matrix/bookworm/cucumber.html', 'matrix/trixie/cucumber.html']);
  assert.ok(hrefs.some((h) => h.startsWith('#')));
  for (const h of hrefs.filter((x) => x.startsWith('#'))) assert.ok(html.includes(`<tr id="${h.slice(1)}">`), h);
});

test('the date and each image with its kernel release at the top', () => {
  const top = html.slice(0, html.indexOf('<h2>Legend'));
  assert.match(top, /Generated 2026-11-24 01:02:03 UTC/);
  for (const [kernel, release] of [['bullseye', '5.10.0-32-amd64'], ['bookworm', '6.1.0-56-amd64'], ['trixie', '6.12.117+deb13-amd64'], ['sandbox', '6.18.44-fc-v669']] as const) {
    assert.match(top, new RegExp(`<tr><th>${kernel}</th><td>mountlab-${kernel}</td><td>${release.replace(/[.+]/g, '\\$&')}`));
  }
  // the release the run saw wins, and the manifest's is shown beside it when they differ
  assert.match(top, /6\.18\.44-fc-v669 <span class="small">\(manifest: 6\.1\.0-56-amd64\)<\/span>/);
  assert.equal((top.match(/\(manifest: /g) ?? []).length, 1);
  assert.match(top, /<td class="bad">failed \(exit 1\)<\/td><td>2 pass, 1 fail, 4 not run<\/td>/);
  assert.match(top, /<td class="ok">passed<\/td><td>5 pass, 2 not run<\/td>/);
  assert.match(top, /<td>12 min 34 s<\/td>/);
});

test('a legend with one distinct colour per status', () => {
  const legend = html.slice(html.indexOf('<h2>Legend'), html.indexOf('<h2>Scenarios'));
  for (const s of STATUSES) assert.ok(legend.includes(`<b>${STATUS_STYLE[s].label}</b>`), s);
  const colours = STATUSES.map((s) => STATUS_STYLE[s].colour);
  assert.equal(new Set(colours).size, colours.length);
  for (const c of colours) assert.ok(legend.includes(`background:${c}`));
});

test('cells: status, colour, the expectation that applied, the skip reason, the failure', () => {
  const overlay = rowOf('features/userns-mount.feature:41');
  assert.match(overlay, /overlayfs mounts in a user namespace only from Linux 5\.11<span class="differs">differs<\/span>/);
  const cells = overlay.split('<td class="cell ').slice(1);
  assert.equal(cells.length, 4);
  assert.match(cells[0] ?? '', /^pass" style="background:#d8f0d4;[^"]*"><span class="status">pass<\/span><div class="note expect">expects <b>EPERM<\/b><br><span class="small">kernel 5\.10\.0-32-amd64 is older than 5\.11: expecting EPERM/);
  assert.match(cells[1] ?? '', /expects <b>success<\/b><br><span class="small">kernel 6\.1\.0-56-amd64 is 5\.11 or later/);
  assert.match(cells[2] ?? '', /expects <b>success<\/b><br><span class="small">kernel 6\.12\.117\+deb13-amd64 is 5\.11 or later/);
  assert.match(cells[3] ?? '', /^missing".*not run/);

  const skip = rowOf('features/userns-mount.feature:79');
  assert.match(skip, /<td class="cell skip"[^>]*><span class="status">skip<\/span><div class="note">@requires-vm: needs the lab VM \(run with --target qemu or vagrant\)<\/div>/);

  const lsm = rowOf('features/lsm-denials.feature:44');
  assert.match(lsm, /<td class="cell fail"[^>]*><span class="status">fail<\/span><div class="note"><span class="step">And the kernel log has a line matching &quot;apparmor=\\&quot;DENIED\\&quot; operation=\\&quot;mount\\&quot;&quot;<\/span><br>Error: no line of the kernel log \(dmesg\) matches \/apparmor=&quot;DENIED&quot; operation=&quot;mount&quot;\/<\/div><details><summary>full message<\/summary><pre>Error: no line/);
});

test('the verdict, and the scenarios that differ between kernels, before the table', () => {
  assert.match(html, /<p class="verdict bad">trixie: 1 scenario failed\.<\/p>/);
  const differences = html.slice(html.indexOf('<h2>Where the kernels differ'), html.indexOf('<h2>Scenarios'));
  assert.match(differences, /<li><a href="#features-userns-mount-feature-41">What root in a user namespace may mount › overlayfs mounts in a user namespace only from Linux 5\.11<\/a>: bullseye pass \(expects EPERM\), bookworm pass \(expects success\), trixie pass \(expects success\), sandbox not run<\/li>/);
  assert.equal((differences.match(/<li>/g) ?? []).length, 1, 'the lsm scenario ran on trixie only: nothing to compare');
});

test('feature header rows group the scenarios', () => {
  assert.equal((html.match(/<tr class="feature">/g) ?? []).length, 5);
  assert.match(html, /<tr class="feature"><th colspan="5">What root in a user namespace may mount <span class="where">features\/userns-mount\.feature<\/span><\/th><\/tr>/);
});

test('"differs" only where the outcome or the expectation changes between kernels', () => {
  const row = (key: string) => matrix.rows.find((r) => r.key === key);
  const privatetmp = row('features/privatetmp.feature:37');
  assert.ok(privatetmp);
  assert.equal(rowDiffers(privatetmp, matrix.columns), false, 'success expected on every kernel, missing cells do not count');
  const overlay = row('features/userns-mount.feature:41');
  assert.ok(overlay);
  assert.equal(rowDiffers(overlay, matrix.columns), true);
});

test('text is escaped', () => {
  assert.equal(escapeHtml(`<a href="x">&'</a>`), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  const evil = buildMatrix([{ ...run('bullseye', undefined, '5.10'), image: { name: '<script>alert(1)</script>', kernelSuite: undefined, kernelRelease: undefined, kernelPackageVersion: undefined, builtAt: undefined } }], new Date(0));
  assert.doesNotMatch(renderMatrixHtml(evil), /<script>/);
});

test('durations read as minutes and seconds', () => {
  assert.equal(formatDuration(42_400), '42 s');
  assert.equal(formatDuration(822_774), '13 min 43 s');
});
