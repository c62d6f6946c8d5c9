import { test } from 'node:test';
import assert from 'node:assert/strict';
import { qemuTargetFromEnv } from './settings.ts';
import { resumesAhead } from './target.ts';

test('MOUNTLAB_RESUME_AHEAD: auto by default, on or off; anything else is refused by name', () => {
  assert.equal(qemuTargetFromEnv({}).options.resumeAhead, 'auto');
  assert.equal(qemuTargetFromEnv({ MOUNTLAB_RESUME_AHEAD: ' on ' }).options.resumeAhead, 'on');
  assert.equal(qemuTargetFromEnv({ MOUNTLAB_RESUME_AHEAD: 'off' }).options.resumeAhead, 'off');
  assert.throws(() => qemuTargetFromEnv({ MOUNTLAB_RESUME_AHEAD: 'yes' }), /^Error: MOUNTLAB_RESUME_AHEAD must be auto, on or off, got "yes"$/);
});

test('auto resumes a reset\'s VM ahead only with two cores more than the VM\'s vCPUs; on and off are as said', () => {
  const spec = { cpus: 2 };
  assert.deepEqual([2, 3, 4, 8].map((cores) => resumesAhead('auto', spec, cores)), [false, false, true, true]);
  assert.deepEqual([resumesAhead('on', spec, 2), resumesAhead('off', spec, 8)], [true, false]);
  assert.equal(resumesAhead('auto', { cpus: 1 }, 3), true);
});
