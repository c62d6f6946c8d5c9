/**
 * Run by leak-check.test.ts inside `unshare --mount --propagation private`, so "the machine's own
 * mount table" the lifecycle checks is this process's private copy: one scenario on the local
 * target whose command escapes its sandbox (its own /proc unmounted, then nsenter into this
 * process's mount namespace) and mounts there, a mount made beside it by this process (the
 * machine's own activity), then end().
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { ScenarioLifecycle } from '../../src/scenario/lifecycle.ts';
import { endSandboxesAhead, sandboxesEndedBehind } from '../../src/sandbox/ahead.ts';

const out = { progress: () => undefined, log: () => undefined, attach: () => undefined };
const lifecycle = await ScenarioLifecycle.start({ target: 'local' }, { tags: [], steps: [{ text: 'I run "true"' }] }, out);
if (!(lifecycle instanceof ScenarioLifecycle)) throw new Error(`skipped: ${lifecycle.skipped}`);
await lifecycle.scenario.run('mkdir -p /mnt/inside && mount -t tmpfs leak-check-sandbox /mnt/inside');
const escaped = mkdtempSync('/tmp/leak-check.');
await lifecycle.scenario.run(`umount -l /proc && nsenter -t ${process.pid} -m mount -t tmpfs leak-check-escaped ${escaped}`);
const beside = mkdtempSync('/tmp/leak-check.');
execFileSync('mount', ['-t', 'tmpfs', 'leak-check-beside', beside]);
try {
  await lifecycle.end(true);
  process.stdout.write('end() passed\n');
} catch (e) {
  process.stdout.write(`end() failed: ${e instanceof Error ? e.message : String(e)}\n`);
}
await endSandboxesAhead();
await sandboxesEndedBehind();
// Both mounts are this private namespace's own; their mount points are directories of the machine's /tmp.
for (const dir of [escaped, beside]) {
  execFileSync('umount', [dir]);
  rmdirSync(dir);
}
process.exit(0);
