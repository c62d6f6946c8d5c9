// `npx tsx src/cli/matrix-report.ts [reports/matrix] [--out reports/matrix.html]`: builds the kernel
// matrix page from runs already made (one directory per kernel with its messages.ndjson), e.g. the
// artifacts of the nightly workflow's kernel jobs. Exit 1 if a kernel's run failed or is missing.
import { formatMatrixSummary, matrixFailed } from '../report/matrix/model.ts';
import { writeMatrixReport } from '../report/matrix/load.ts';

const USAGE = 'usage: tsx src/cli/matrix-report.ts [MATRIX_DIR (default reports/matrix)] [--out FILE.html (default: matrix.html beside MATRIX_DIR)]';

async function main(argv: readonly string[]): Promise<number> {
  let dir: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--out') out = argv[++i];
    else if (arg.startsWith('--out=')) out = arg.slice('--out='.length);
    else if (arg === '-h' || arg === '--help' || arg.startsWith('-') || dir !== undefined) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    } else dir = arg;
  }
  if (out === '') {
    process.stderr.write(`--out needs a file\n${USAGE}\n`);
    return 2;
  }
  const { matrix, html, json } = await writeMatrixReport(dir ?? 'reports/matrix', out === undefined ? {} : { out });
  if (matrix.columns.length === 0) {
    process.stderr.write(`no kernel runs in ${dir ?? 'reports/matrix'} (expected <kernel>/messages.ndjson)\n`);
    return 1;
  }
  process.stdout.write(`${formatMatrixSummary(matrix)}\n`);
  for (const c of matrix.columns.filter((c) => !c.ok)) process.stderr.write(`${c.kernel}: the run failed${c.problem !== undefined ? `: ${c.problem}` : ''}\n`);
  process.stderr.write(`matrix: ${html} and ${json}\n`);
  return matrixFailed(matrix) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
