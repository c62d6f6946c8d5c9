/**
 * How long one command takes over each of two ways of running commands on one ssh connection:
 * an exec channel per command (what SshTransport.exec uses) and the long-lived shell (runner.ts).
 * Both run `true`, one after another, after a short warm-up; the figure is the median.
 */
import type { SshTransport } from '../../src/transport/ssh/index.ts';
import { median } from '../stats.ts';
import { ShellRunner } from './runner.ts';

export async function measureRoundTrips(
  t: SshTransport,
  n: number,
): Promise<{ execChannelMs: number; shellChannelMs: number }> {
  if (!Number.isInteger(n) || n < 1) throw new Error(`measureRoundTrips: n must be a positive integer, got ${n}`);
  const warmUp = Math.min(3, n);
  const time = async (run: () => Promise<unknown>): Promise<number> => {
    for (let i = 0; i < warmUp; i++) await run();
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      await run();
      samples.push(performance.now() - started);
    }
    return median(samples);
  };
  const shell = new ShellRunner(t.connection);
  const execChannelMs = await time(() => t.exec(['true']));
  const shellChannelMs = await time(() => shell.exec(['true']));
  return { execChannelMs, shellChannelMs };
}
