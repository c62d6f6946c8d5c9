import { test } from 'node:test';
import { canDrive } from './tmux.ts';
import { driveStepMode } from './step-mode-drive.ts';

test('step mode: steps on Enter, the errno of a failing syscall, a shell and back, q cleans up', { skip: !canDrive && 'needs root and tmux', timeout: 1_200_000 }, async () => {
  await driveStepMode('local');
});
