/**
 * Records when each call of a phase started and ended. Calls overlap (the worker reads and decodes
 * two photos at once), so a phase reports both the sum of its call times and its busy time: the
 * wall-clock time during which at least one call of that phase was running.
 */

export interface PhaseSummary {
  calls: number;
  /** Sum of the durations of every call. */
  totalMs: number;
  /** Union of the call intervals: the wall-clock time the phase kept the job busy. */
  busyMs: number;
}

export class PhaseClock {
  readonly #intervals = new Map<string, Array<[number, number]>>();

  async time<T>(phase: string, task: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await task();
    } finally {
      this.#add(phase, start, performance.now());
    }
  }

  timeSync<T>(phase: string, task: () => T): T {
    const start = performance.now();
    try {
      return task();
    } finally {
      this.#add(phase, start, performance.now());
    }
  }

  summary(): Record<string, PhaseSummary> {
    const out: Record<string, PhaseSummary> = {};
    for (const [phase, intervals] of this.#intervals) {
      const totalMs = intervals.reduce((total, [start, end]) => total + (end - start), 0);
      out[phase] = { calls: intervals.length, totalMs, busyMs: unionLength(intervals) };
    }
    return out;
  }

  #add(phase: string, start: number, end: number): void {
    const list = this.#intervals.get(phase) ?? [];
    list.push([start, end]);
    this.#intervals.set(phase, list);
  }
}

function unionLength(intervals: ReadonlyArray<[number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let currentStart = Number.NEGATIVE_INFINITY;
  let currentEnd = Number.NEGATIVE_INFINITY;
  for (const [start, end] of sorted) {
    if (start > currentEnd) {
      if (currentEnd > currentStart) total += currentEnd - currentStart;
      currentStart = start;
      currentEnd = end;
    } else if (end > currentEnd) {
      currentEnd = end;
    }
  }
  if (currentEnd > currentStart) total += currentEnd - currentStart;
  return total;
}
