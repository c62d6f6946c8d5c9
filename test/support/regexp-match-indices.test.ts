// support/regexp-match-indices: the engine's own `d` flag in place of the polyfill that
// package.json's overrides replace (see its package.json), as cucumber-expressions calls it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { CucumberExpression, ParameterTypeRegistry, RegularExpression } from '@cucumber/cucumber-expressions';

const require = createRequire(import.meta.url);
const exec = require('../../support/regexp-match-indices/index.js') as (regexp: RegExp, text: string) => (RegExpExecArray & { indices: Array<[number, number] | undefined> & { groups?: Record<string, [number, number] | undefined> } }) | null;

test('the override is what cucumber-expressions loads', () => {
  const fromCucumberExpressions = createRequire(require.resolve('@cucumber/cucumber-expressions'));
  assert.equal(fromCucumberExpressions('regexp-match-indices'), exec);
});

test('indices of each group: nested, optional and unmatched, named', () => {
  const m = exec(/(a(b))?(c)(?<tail>d)?/, 'xxacx');
  assert.ok(m !== null);
  assert.deepEqual([...m.indices], [[3, 4], undefined, undefined, [3, 4], undefined]);
  const n = exec(/(a(b))(?<tail>c)/, '_abc');
  assert.ok(n !== null);
  assert.deepEqual([...n.indices], [[1, 4], [1, 3], [2, 3], [3, 4]]);
  assert.deepEqual({ ...n.indices.groups }, { tail: [3, 4] });
  assert.equal(exec(/z/, 'abc'), null);
});

test('a global regexp starts at its lastIndex and moves it, as RegExp.prototype.exec does', () => {
  const g = /a/g;
  assert.deepEqual(exec(g, 'aXa')?.indices[0], [0, 1]);
  assert.equal(g.lastIndex, 1);
  assert.deepEqual(exec(g, 'aXa')?.indices[0], [2, 3]);
  assert.equal(g.lastIndex, 3);
  assert.equal(exec(g, 'aXa'), null);
  assert.equal(g.lastIndex, 0);
});

test('cucumber expressions and regular expressions match with the right values and offsets', () => {
  const registry = new ParameterTypeRegistry();
  const args = new CucumberExpression('I have {int} cuke(s) in {string}', registry).match('I have 42 cukes in "the belly"');
  assert.ok(args !== null);
  assert.deepEqual(args.map((a) => a.getValue(null)), [42, 'the belly']);
  assert.deepEqual(args.map((a) => [a.group.start, a.group.end]), [[7, 9], [19, 30]]);
  const re = new RegularExpression(/^window "([^"]*)" shows (\d+) mounts?(?: at or under "([^"]*)")?$/, registry).match('window "c1" shows 4 mounts');
  assert.ok(re !== null);
  assert.deepEqual(re.map((a) => a.group.value), ['c1', '4', undefined]);
});
