/** How long each phase of a vagrant start, reset or stop took: Vagrant is slow, so the log says where. */
export class PhaseTimer {
  #timings: Record<string, number> = {};

  /** Forgets the last start's phases. */
  clear(): void {
    this.#timings = {};
  }

  async time<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.#timings[name] = Math.round(performance.now() - t0);
    }
  }

  /** e.g. { up: 41234, snapshotSave: 4400 } (ms). */
  get timings(): Readonly<Record<string, number>> {
    return this.#timings;
  }

  /** e.g. "up 41.2 s, snapshotSave 4.4 s". */
  describe(): string {
    return Object.entries(this.#timings)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
      .join(', ');
  }
}
