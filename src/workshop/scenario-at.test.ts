import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBackground, parseLocation, scenarioAt, stepKind } from './scenario-at.ts';
import { StepDefinitions } from './steps.ts';

test('a location is a feature file and a line', () => {
  assert.deepEqual(parseLocation('features/privatetmp.feature:26'), { path: 'features/privatetmp.feature', line: 26 });
  assert.throws(() => parseLocation('features/privatetmp.feature'), /a feature file and a line/);
});

test('the line of an outline picks its first example row, the line of a row that row', async () => {
  const outline = await scenarioAt('features/privatetmp.feature:26');
  assert.equal(outline.name, 'the other namespace keeps its copy after the host unmounts only under a private parent');
  const shared = await scenarioAt('features/privatetmp.feature:44');
  assert.equal(shared.name, 'the other namespace keeps its copy after the host unmounts only under a shared parent');
  assert.match(shared.description, /^Seed 000: "See that the mount still exists/);
  await assert.rejects(scenarioAt('features/privatetmp.feature:25'), /is not the line of a scenario or of an example row \(scenarios start at lines 26, 46/);
});

test('background steps (inside a Rule too) and step kinds are told apart', async () => {
  const s = await scenarioAt('features/privatetmp.feature:46');
  const background = s.pickle.steps.filter((step) => isBackground(s, step)).map((step) => step.text);
  assert.deepEqual(background, ['a fresh lab', 'I run:', 'it succeeds', '"/tmp/parent/mnt" has propagation private', '"/tmp/parent" has propagation private']);
  const own = s.pickle.steps.filter((step) => !isBackground(s, step));
  assert.deepEqual(own.slice(0, 4).map(stepKind), ['Context', 'Action', 'Outcome', 'Outcome']);
});

test('the real step definitions: every step matches one, and last-command steps are known', async () => {
  const steps = await StepDefinitions.load();
  const s = await scenarioAt('features/privatetmp.feature:46');
  const about = s.pickle.steps.filter((step) => stepKind(step) === 'Outcome' && steps.isAboutLastCommand(step)).map((step) => step.text);
  assert.deepEqual(about, ['it succeeds', 'it fails with EBUSY', 'the rmdir syscall fails with EBUSY', 'it succeeds', 'it fails with EBUSY on kernels before 3.18 and succeeds from 3.18']);
  const dir = await mkdtemp(join(tmpdir(), 'workshop-'));
  await writeFile(join(dir, 'x.feature'), 'Feature: x\n  Scenario: y\n    Given I dance\n');
  const [unknown] = (await scenarioAt(join(dir, 'x.feature:2'))).pickle.steps;
  assert.ok(unknown !== undefined);
  assert.throws(() => steps.definitionOf(unknown), /no step definition matches "I dance"/);
  await rm(dir, { recursive: true });
});
