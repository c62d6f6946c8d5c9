// `npm run soak [-- RUNS]`: the local suite RUNS times (default 10), with this computer's mount
// table, processes and /tmp compared before and after. Only what mountlab could leave counts:
// processes and /tmp entries whose name holds "mountlab" (launchers, work directories), and the
// whole root mount table; other work on a shared computer (builds, other users) is not compared,
// except for mounts, which must be identical. Prints the result as a Markdown table row.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { diffMountInfo, formatMountDiff } from '../src/runtime/mount-diff.ts';

const runs = Number(process.argv[2] ?? 10);

function mountlabProcesses(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes('mountlab-sandbox') || /\/tmp\/mountlab\./.test(cmd)) found.push(`${pid} ${cmd.slice(0, 100)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found.sort();
}

interface Snapshot {
  readonly mounts: string;
  readonly processes: string[];
  readonly tmp: string[];
}

function snapshot(): Snapshot {
  return {
    mounts: readFileSync('/proc/self/mountinfo', 'utf8'),
    processes: mountlabProcesses(),
    tmp: readdirSync('/tmp').filter((n) => n.startsWith('mountlab.')).sort(),
  };
}

const before = snapshot();
const started = Date.now();
const outcomes: string[] = [];
for (let i = 1; i <= runs; i++) {
  const r = spawnSync(process.execPath, ['support/lab.mjs', '--target', 'local', '--profile', 'ci'], {
    encoding: 'utf8',
    env: { ...process.env, MOUNTLAB_REPORT_DIR: `reports/soak/${i}` },
  });
  const summary = /(\d+ scenarios? \([^)]*\))/.exec(r.stdout + r.stderr)?.[1] ?? 'no summary';
  outcomes.push(`run ${i}: exit ${String(r.status)}, ${summary}`);
  process.stderr.write(`soak: ${outcomes.at(-1)}\n`);
}
const after = snapshot();
const same = (a: readonly string[], b: readonly string[]): boolean => a.join('\n') === b.join('\n');
const verdict = {
  mounts: before.mounts === after.mounts ? 'identical' : `CHANGED: ${formatMountDiff(diffMountInfo(before.mounts, after.mounts)).split('\n').join('; ')}`,
  processes: same(before.processes, after.processes) ? 'identical' : `CHANGED: ${after.processes.filter((p) => !before.processes.includes(p)).join('; ')}`,
  tmp: same(before.tmp, after.tmp) ? 'identical' : `CHANGED: +${after.tmp.filter((t) => !before.tmp.includes(t)).join(' ')} -${before.tmp.filter((t) => !after.tmp.includes(t)).join(' ')}`,
};
process.stdout.write(`${outcomes.join('\n')}\n| ${runs} runs, ${Math.round((Date.now() - started) / 60000)} min | mount table: ${verdict.mounts} | mountlab processes: ${verdict.processes} | /tmp/mountlab.*: ${verdict.tmp} |\n`);
process.exitCode = Object.values(verdict).every((v) => v === 'identical') ? 0 : 1;
