import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderStepsDoc, stepsOf, STEPS_DIR, STEPS_DOC } from './steps-doc.ts';

test('docs/steps.md matches the step definitions (run npm run docs:steps to update it)', () => {
  assert.equal(readFileSync(STEPS_DOC, 'utf8'), renderStepsDoc(STEPS_DIR));
});

test('every step has an example comment above it', () => {
  const doc = renderStepsDoc(STEPS_DIR);
  const steps = doc.split('\n').filter((l) => l.startsWith('- **'));
  const examples = doc.split('\n').filter((l) => l === '  ```gherkin');
  assert.ok(steps.length > 20);
  assert.equal(examples.length, steps.length);
});

test('the phrases the issue names exist exactly', () => {
  const expressions = new Set(renderStepsDoc(STEPS_DIR).split('\n').filter((l) => l.startsWith('- **')).map((l) => l.replace(/^- \*\*\w+\*\* `(.*)`$/, '$1')));
  for (const phrase of [
    'a fresh lab', 'a window {string} running {string}', 'I run {string}', 'I run {string} in window {string}', 'I run:',
    'it succeeds', 'it fails', 'it fails with {errno}', 'the {word} syscall fails with {errno}', 'the {word} syscall succeeds',
    'the output contains {string}', '{string} is a mount point{place}', '{string} is not a mount point{place}',
    '{string} has propagation {propagation}{place}', '{string} and {string} are peers{place}',
    '{string}{place} is a slave of {string}{place}', '{string} is mounted read-only{place}',
    '{string} is mounted with option {string}{place}', '{string} has filesystem type {string}{place}',
    'it fails with {errno} on kernels before {version} and succeeds from {version}',
  ]) {
    assert.ok(expressions.has(phrase), `missing step: ${phrase}`);
  }
});

test('reads keyword, expression and example of a step', () => {
  const steps = stepsOf("// Then it succeeds\nThen('it succeeds', function () {});\nconst x = 1;\nWhen('I\\'m here', () => {});\n");
  assert.deepEqual(steps, [
    { keyword: 'Then', expression: 'it succeeds', examples: ['Then it succeeds'] },
    { keyword: 'When', expression: "I'm here", examples: [] },
  ]);
});
