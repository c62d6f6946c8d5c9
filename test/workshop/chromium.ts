import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const CHROMIUM = process.env.MOUNTLAB_CHROMIUM ?? 'chromium';

/** Whether headless Chromium is installed (Debian's `chromium`, from `scripts/setup.sh test`). */
export const haveChromium = await run(CHROMIUM, ['--version']).then(() => true, () => false);

/** A throwaway profile and no network chatter: the pages are local files. */
const flags = (profile: string) => ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`];

/**
 * Opens `page` with `script` appended (a copy written next to it, so its relative links still
 * work), lets its timers run for up to 15 s of virtual time, and returns the text the script put
 * in `<pre id="probe">`; with `screenshot`, also saves a PNG of the page as the script left it.
 */
export async function probePage(page: string, script: string, screenshot?: { path: string; width: number; height: number }): Promise<string> {
  const copy = page.replace(/\.html$/, '.probe.html');
  await writeFile(copy, `${await readFile(page, 'utf8')}\n<script>${script}</script>\n`);
  const profile = await mkdtemp(join(tmpdir(), 'mountlab-chromium-'));
  try {
    const url = `file://${resolve(copy)}`;
    const common = [...flags(profile), '--virtual-time-budget=15000'];
    const { stdout } = await run(CHROMIUM, [...common, '--dump-dom', url], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    if (screenshot !== undefined) {
      await run(CHROMIUM, [...common, '--hide-scrollbars', `--window-size=${screenshot.width},${screenshot.height}`, `--screenshot=${resolve(screenshot.path)}`, url], { timeout: 120_000 });
    }
    const dumped = /<pre id="probe"[^>]*>(.*?)<\/pre>/s.exec(stdout)?.[1];
    if (dumped === undefined) throw new Error(`the probe did not run in ${page}`);
    return dumped.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&nbsp;', '\u00a0').replaceAll('&quot;', '"').replaceAll('&amp;', '&');
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
