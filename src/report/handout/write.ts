import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { handoutHtml } from './html.ts';
import { handoutFeatures, readEnvelopes } from './read.ts';

/**
 * Writes one handout page per feature of a cucumber run, `<feature file name>.html` in `outDir`
 * (features/bind-propagation.feature → bind-propagation.html), and returns the paths written.
 */
export async function writeHandout(messagesNdjsonPath: string, outDir: string): Promise<string[]> {
  const features = handoutFeatures(await readEnvelopes(messagesNdjsonPath));
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const feature of features) {
    const path = join(outDir, `${basename(feature.uri).replace(/\.feature$/, '')}.html`);
    await writeFile(path, handoutHtml(feature));
    written.push(path);
  }
  return written;
}
