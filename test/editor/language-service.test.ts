// The editor knows every step: @cucumber/language-service, run headless with the settings of
// .vscode/settings.json, finds no undefined step and no unknown parameter type in any feature,
// and its parameter types match the ones cucumber registers when it runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfiguration, loadSupport } from '@cucumber/cucumber/api';
import { expandGlob, languageServiceView, readEditorSettings, repoFiles, root } from './language-service.ts';
import { STEP_GLOB, stepFiles } from '../../support/build.mjs';

const settings = readEditorSettings();
const view = await languageServiceView(settings);

test('the settings name every feature file and every step file cucumber loads', async () => {
  const features = repoFiles('.feature').sort();
  assert.ok(features.length > 0);
  assert.deepEqual(settings.features.flatMap(expandGlob).sort(), features);
  // cucumber.mjs loads support/steps.mjs, which compiles the files of STEP_GLOB (support/build.mjs)
  const { runConfiguration } = await loadConfiguration({ file: 'cucumber.mjs' }, { cwd: root });
  assert.deepEqual(runConfiguration.support.importPaths, ['support/steps.mjs']);
  assert.deepEqual([...settings.glue], [STEP_GLOB], 'cucumber.glue is the glob of the step files support/build.mjs compiles');
  assert.deepEqual(settings.glue.flatMap(expandGlob).sort(), stepFiles());
  assert.ok(stepFiles().length > 0);
});

test('every step definition resolves: no unknown parameter type, no unreadable expression', () => {
  assert.ok(view.glue.expressionLinks.length > 0, 'the service found the step definitions');
  assert.deepEqual(view.glue.errors.map((e) => e.message), []);
});

test('no undefined step and no syntax error in any feature', () => {
  assert.ok(view.diagnostics.size > 0);
  const problems = [...view.diagnostics].flatMap(([file, ds]) => ds.map((d) => `${file}:${d.range.start.line + 1}: ${d.message}`));
  assert.deepEqual(problems, []);
});

test('the editor\'s parameter types are the ones cucumber runs with (computed regexps come from the settings)', async () => {
  const { runConfiguration } = await loadConfiguration({ file: 'cucumber.mjs' }, { cwd: root });
  // The public type of the library hides its registry; the object has it.
  const library = (await loadSupport(runConfiguration, { cwd: root })) as unknown as {
    parameterTypeRegistry: { parameterTypes: Iterable<{ name: string | undefined; regexpStrings: readonly string[] }> };
  };
  const running = [...library.parameterTypeRegistry.parameterTypes];
  for (const t of running) {
    const name = t.name ?? '';
    const seen = view.glue.registry.lookupByTypeName(name);
    const hint = settings.parameterTypes.some((p) => p.name === name)
      ? 'its regexp in cucumber.parameterTypes (.vscode/settings.json) differs from the source\'s'
      : 'the language service cannot read its regexp (computed, e.g. new RegExp(...)): write it as a literal, or add it to cucumber.parameterTypes';
    assert.deepEqual(seen?.regexpStrings, t.regexpStrings, `{${name}}: ${hint}`);
  }
  for (const p of settings.parameterTypes) assert.ok(running.some((t) => t.name === p.name), `cucumber.parameterTypes names {${p.name}}, which the steps no longer define`);
});
