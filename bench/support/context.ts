/** What every figure group gets from run.ts. */
export interface BenchContext {
  /** `npm run bench -- --quick`: fewer repetitions and shorter loads, for a fast pass. */
  quick: boolean;
  log(message: string): void;
}
