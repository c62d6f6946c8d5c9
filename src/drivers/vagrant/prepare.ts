/** What must exist before `vagrant up`: libvirt answering, the lab pool and network, lab/.vagrant kept out of git. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkLibvirt, ensureNetwork, ensurePool, type LibvirtNetwork, type LibvirtPool } from './vagrant-libvirt.ts';

/**
 * Vagrant keeps the machine's data in lab/.vagrant; a .gitignore of `*` in it keeps it out of
 * git whatever the repository's own .gitignore says.
 */
async function ignoreDotVagrant(labDir: string): Promise<void> {
  const dir = join(labDir, '.vagrant');
  await mkdir(dir, { recursive: true });
  const file = join(dir, '.gitignore');
  if ((await readFile(file, 'utf8').catch(() => '')) === '') await writeFile(file, '# made by mountlab: Vagrant\'s machine data\n*\n');
}

export async function prepareLibvirt(labDir: string, pool: LibvirtPool, network: LibvirtNetwork, progress: ((line: string) => void) | undefined): Promise<void> {
  await ignoreDotVagrant(labDir);
  await checkLibvirt();
  const did = [await ensurePool(pool), await ensureNetwork(network)].filter((x) => x !== null);
  for (const d of did) progress?.(`vagrant: ${d}`);
}
