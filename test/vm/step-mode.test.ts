// Step mode on the lab VM (boots one: only with MOUNTLAB_VM_TEST=1, in `npm run test:vm`): the
// same walk as test/workshop/step-mode.test.ts on the local target, over ssh2 and a PTY channel.
import { test } from 'node:test';
import { canDrive } from '../workshop/tmux.ts';
import { driveStepMode } from '../workshop/step-mode-drive.ts';

const skip = process.env.MOUNTLAB_VM_TEST !== '1' ? 'boots a VM: set MOUNTLAB_VM_TEST=1' : !canDrive && 'needs root and tmux';

test('lab VM: step mode steps, shows the errno, hands over a shell and back, and q stops the VM', { skip, timeout: 1_200_000 }, async () => {
  await driveStepMode('qemu');
});
