// Writes docs/steps.md from the step definitions (npm run docs:steps); a test checks it is current.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StepDoc {
  readonly keyword: string;
  readonly expression: string;
  readonly examples: readonly string[];
}

const STEP = /^(Given|When|Then)\('((?:[^'\\]|\\.)*)'/;

/** Steps of one file, each with the example comment lines written just above it. */
export function stepsOf(source: string): StepDoc[] {
  const steps: StepDoc[] = [];
  let comments: string[] = [];
  for (const line of source.split('\n')) {
    const comment = /^\/\/ ?(.*)$/.exec(line);
    if (comment !== null) { comments.push(comment[1] ?? ''); continue; }
    const step = STEP.exec(line);
    if (step !== null) steps.push({ keyword: step[1] ?? '', expression: (step[2] ?? '').replace(/\\'/g, "'"), examples: comments });
    comments = [];
  }
  return steps;
}

/** Each steps file's heading, in the order the document shows them; files not named here come last. */
const SUBJECTS: readonly (readonly [file: string, heading: string])[] = [
  ['lab', 'The lab'],
  ['command', 'Running commands'],
  ['window', 'Windows'],
  ['errno', 'Errors of syscalls'],
  ['mount', 'Mount points and options'],
  ['mount-table', 'Whole mount tables'],
  ['propagation', 'Propagation'],
  ['aliases', 'Older wordings (still accepted; write the forms above)'],
];

export function renderStepsDoc(stepsDir: string): string {
  const order = (file: string): number => {
    const i = SUBJECTS.findIndex(([name]) => `${name}.steps.ts` === file);
    return i === -1 ? SUBJECTS.length : i;
  };
  const files = readdirSync(stepsDir).filter((f) => f.endsWith('.steps.ts')).sort().sort((a, b) => order(a) - order(b));
  const parts = [
    '# Step vocabulary',
    '',
    'Generated from `steps/*.steps.ts` by `npm run docs:steps`; `npm test` fails when it is out of date.',
    '',
    'Parameters: `{string}` is text in double quotes, or in single quotes when it holds double quotes',
    '(`When I run \'bash -c "a && b"\'`); `{errno}` is one of the names in',
    '`src/errno/table.ts` (EPERM, ENOENT, EACCES, EBUSY, EINVAL, …); `{propagation}` is one of',
    '`shared`, `private`, `slave`, `shared and slave`, `unbindable`; `{version}` is a kernel version',
    'such as `3.18`; `{word}` is one word, such as a syscall name (`mount`, `umount2`, `rmdir`).',
    '',
    '`{place}` is where a step looks. It follows the words before it after a space, or is left out:',
    'nothing or `in the sandbox` (the scenario\'s own namespaces, where `When I run` runs; the old',
    '`in the host` means the same), `in window "NAME"` (the window\'s current shell), `in unit "NAME"`',
    '(a systemd unit\'s main process), `in container "NAME"` (a runc container) or',
    '`in docker container "NAME"` (a Docker container started with `--name NAME`). So',
    '`{string} is a mount point{place}` reads `"/mnt" is a mount point` or',
    '`"/mnt" is a mount point in window "other"`.',
    '',
    'Tags: `@kernel>=X.Y` skips a scenario on older kernels; `@requires-vm`, `@requires-apparmor`,',
    '`@requires-systemd`, `@requires-userns`, `@requires-docker` skip it where the target lacks that; the report says why.',
    '`@root-namespace` (old name: `@host-namespace`) runs a scenario in the lab VM\'s root namespace',
    'instead of a sandbox, only on the lab VM, which is put back to its snapshot afterwards.',
    '',
  ];
  for (const file of files) {
    const subject = basename(file, '.steps.ts');
    const heading = SUBJECTS.find(([name]) => name === subject)?.[1] ?? subject;
    parts.push(`## ${heading} (\`steps/${file}\`)`, '');
    for (const step of stepsOf(readFileSync(join(stepsDir, file), 'utf8'))) {
      parts.push(`- **${step.keyword}** \`${step.expression}\``);
      const example = step.examples.join('\n');
      if (example !== '') parts.push('', '  ```gherkin', ...example.split('\n').map((l) => `  ${l}`), '  ```');
      parts.push('');
    }
  }
  return parts.join('\n');
}

export const STEPS_DIR = fileURLToPath(new URL('../../steps', import.meta.url));
export const STEPS_DOC = fileURLToPath(new URL('../../docs/steps.md', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(STEPS_DOC, renderStepsDoc(STEPS_DIR));
  process.stdout.write(`wrote ${STEPS_DOC}\n`);
}
