/**
 * Stop steps for what the bench started (embedded PostgreSQL above all: a killed parent would orphan
 * it). run.ts runs them on Ctrl+C; groups remove theirs when they stop normally.
 */
const steps = new Set<() => Promise<void>>();

export function onCleanup(step: () => Promise<void>): () => void {
  steps.add(step);
  return () => steps.delete(step);
}

export async function runCleanup(): Promise<void> {
  for (const step of [...steps].reverse()) {
    steps.delete(step);
    await step().catch((error: unknown) => console.error('cleanup step failed:', error));
  }
}
