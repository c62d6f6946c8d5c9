import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageBuildReason, recipeId } from './recipe.ts';

test('the recipe id is a short hash of lab/image/, the same every time', () => {
  const id = recipeId();
  assert.match(id, /^[0-9a-f]{16}$/);
  assert.equal(recipeId(), id);
});

test('an image is rebuilt when it is missing, predates recipes, or has another recipe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mountlab-recipe-'));
  try {
    assert.match(imageBuildReason(dir, 'aaaa') ?? '', /is missing/);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ builtAt: '2026-11-23T10:00:00Z' }));
    assert.match(imageBuildReason(dir, 'aaaa') ?? '', /built on 2026-11-23T10:00:00Z before images recorded their recipe/);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ builtAt: '2026-11-23T10:00:00Z', recipe: 'bbbb' }));
    assert.match(imageBuildReason(dir, 'aaaa') ?? '', /from another version of lab\/image\/ \(recipe bbbb, now aaaa\)/);
    assert.equal(imageBuildReason(dir, 'bbbb'), undefined);
    writeFileSync(join(dir, 'manifest.json'), '{ not json');
    assert.match(imageBuildReason(dir, 'bbbb') ?? '', /unreadable .*manifest\.json/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
