// `npm run proof`: mutation testing of the features. Every assertion step of every scenario is
// negated alone (src/proof/mutate.ts); all mutants and their originals run in ONE cucumber run on
// the target; a mutant that passes is a step that proves nothing. Writes docs/proof.md after a full
// run (no feature paths given), or docs/proof-vm.md after a full `--vm-only` run on the lab VM.
// usage: npm run proof -- [--target local|qemu] [--kernel X.Y] [--vm-only] [features…]
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseTargetName } from '../drivers/target.ts';
import { runSuite } from '../suite/run.ts';
import { parseKernelVersion } from '../kernel/version.ts';
import { mutantFeature, mutantsOf, picklesOf, type FeatureMutants, type Pickle } from './mutants.ts';
import { statusesByTag, verdict } from './results.ts';
import { proofMarkdown, unexcused, type FeatureProof } from './report.ts';

/** Tags of scenarios that run only on the lab VM (tag-rules.ts): the nightly run proves them. */
const VM_ONLY = new Set(['@requires-vm', '@host-namespace', '@root-namespace']);
const VM_TARGETS = new Set(['qemu', 'vagrant']);

/** Takes every `name value` pair out of argv; the last one wins (`npm run proof -- --target qemu`). */
function option(argv: string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = argv.indexOf(name); i >= 0; i = argv.indexOf(name)) [, value] = argv.splice(i, 2);
  return value;
}

function takeFlag(argv: string[], name: string): boolean {
  const at = argv.indexOf(name);
  if (at >= 0) argv.splice(at, 1);
  return at >= 0;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const targetOption = option(argv, '--target');
  const target = targetOption !== undefined ? parseTargetName(targetOption, '--target') : parseTargetName(process.env.MOUNTLAB_TARGET ?? 'local', 'MOUNTLAB_TARGET');
  const kernelText = option(argv, '--kernel') ?? release();
  const kernel = parseKernelVersion(kernelText);
  // --vm-only: on a VM target, mutate only the scenarios the local target cannot run (the local
  // proof in npm test covers the rest), so the lab VM's share is proven in well under an hour.
  const vmOnlyRun = takeFlag(argv, '--vm-only');
  if (vmOnlyRun && !VM_TARGETS.has(target)) throw new Error(`--vm-only needs a VM target (--target qemu or vagrant), not ${target}`);
  const full = argv.length === 0;
  const paths = full ? readdirSync('features').filter((f) => f.endsWith('.feature')).sort().map((f) => `features/${f}`) : argv;
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-proof-'));
  const sets: { fm: FeatureMutants; elsewhere: string[] }[] = [];
  let nextId = 0;
  paths.forEach((uri, index) => {
    const all = picklesOf(uri, readFileSync(uri, 'utf8'));
    const isVmOnly = (p: Pickle): boolean => p.tags.some((t) => VM_ONLY.has(t.name));
    const provenElsewhere = (p: Pickle): boolean => (VM_TARGETS.has(target) ? vmOnlyRun && !isVmOnly(p) : isVmOnly(p));
    const fm = mutantsOf(uri, all.filter((p) => !provenElsewhere(p)), kernel, nextId, index);
    nextId += fm.mutants.length;
    sets.push({ fm, elsewhere: all.filter(provenElsewhere).map((p) => p.name) });
    writeFileSync(join(dir, `${index}-${basename(uri)}`), mutantFeature(fm));
  });
  process.stderr.write(`mountlab proof: ${nextId} mutants of ${paths.length} feature(s) on target ${target} (kernel ${kernelText}), in ${dir}\n`);
  const reportDir = join(dir, 'report');
  await runSuite({ profile: target, cucumberArgs: [dir], env: { ...process.env, MOUNTLAB_TARGET: target, MOUNTLAB_REPORT_DIR: reportDir } });
  const statuses = statusesByTag(readFileSync(join(reportDir, 'messages.ndjson'), 'utf8'));
  const features: FeatureProof[] = sets.map(({ fm, elsewhere }) => ({
    uri: fm.uri, elsewhere, judged: fm.mutants.map((mutant) => ({ mutant, verdict: verdict(mutant, statuses) })),
  }));
  const markdown = proofMarkdown(features, target, kernelText, vmOnlyRun ? 'local run' : 'lab VM run');
  process.stdout.write(markdown);
  if (full && !VM_TARGETS.has(target)) {
    writeFileSync('docs/proof.md', `# Proof: every assertion step, negated\n\nWritten by \`npm run proof\` (src/proof/run.ts) from its last full run on the local target. The VM-only scenarios are proven on the lab VM by \`npm run proof -- --target qemu --vm-only\` (its last full result: [proof-vm.md](proof-vm.md)); the nightly matrix proves every scenario on each kernel with \`npm run proof -- --target qemu --kernel RELEASE\` (.github/workflows/nightly.yml; its table is in each kernel's reports).\n\n${markdown}`);
  }
  if (full && vmOnlyRun) {
    writeFileSync('docs/proof-vm.md', `# Proof on the lab VM: the VM-only scenarios, every assertion step negated\n\nWritten by \`npm run proof -- --target ${target} --vm-only\` (src/proof/run.ts) from its last full run, ${new Date().toISOString().slice(0, 10)}. It mutates only the scenarios the local target cannot run (tagged ${[...VM_ONLY].join(', ')}); the others are proven on the local target (docs/proof.md).\n\n${markdown}`);
  }
  rmSync(dir, { recursive: true, force: true });
  const bad = unexcused(features);
  const notJudged = features.flatMap((f) => f.judged).filter((j) => j.verdict.kind === 'not run' && j.verdict.reason.startsWith('the original'));
  if (bad.length > 0) process.stderr.write(`mountlab proof: ${bad.length} step(s) whose negation also passes (listed above)\n`);
  if (notJudged.length > 0) process.stderr.write(`mountlab proof: ${notJudged.length} step(s) not judged because their original scenario did not pass\n`);
  return bad.length > 0 || notJudged.length > 0 ? 1 : 0;
}

process.exitCode = await main();
