import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const ciRun = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');

/** The README's first code block: the lab command, then the test command. */
function readmeCommands(): string[] {
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return block.split('\n').filter((l) => l.trim() !== '').map((l) => l.replace(/\s+#.*$/, '').trim());
}

test('the README opens with the lab command and the test command', () => {
  assert.ok(readme.indexOf('```sh') < 20, 'the commands must be the first lines of the README');
  const [lab, tests] = readmeCommands();
  assert.match(lab ?? '', /npm run lab$/);
  assert.match(tests ?? '', /npm test$/);
});

test('.ci/run runs exactly the README\'s test command', () => {
  const [, tests] = readmeCommands();
  const last = ciRun.trim().split('\n').at(-1);
  assert.equal(last, tests);
});
