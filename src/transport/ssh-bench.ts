/**
 * How long one command takes over each of the ssh transport's two ways of running commands:
 * an exec channel per command (what exec() uses) and the long-lived shell channel (execViaShell).
 * Both run `true`, one after another, after a short warm-up; the figure is the median.
 */
import type { SshTransport } from './ssh.ts';

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
  const execChannelMs = await time(() => t.execViaChannel(['true']));
  const shellChannelMs = await time(() => t.execViaShell(['true']));
  return { execChannelMs, shellChannelMs };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const hi = s[mid] ?? 0;
  return s.length % 2 === 1 ? hi : ((s[mid - 1] ?? hi) + hi) / 2;
}
