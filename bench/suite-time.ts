// npm run bench:suite -- MESSAGES.ndjson [LABEL]: the whole-suite figures of a run that already
// happened (npm test's or npm run lab's reports/<target>/messages.ndjson), as one row of the
// README's measured table: wall time from cucumber's run start to its end, the summed step time
// (the same sum as the feature table's), and the scenarios by status. Asserts nothing.
import { readFileSync } from 'node:fs';
import { suiteFigures } from './suite-figures.ts';

const [file, label] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: npm run bench:suite -- reports/<target>/messages.ndjson [label]\n');
  process.exit(2);
}
console.log(suiteFigures(readFileSync(file, 'utf8'), label ?? file));
