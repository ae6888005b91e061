/** Options every renderer of a note takes. */

/** Progress of a long render: `done` of `total` units (blocks of the note, then the renderer's own steps). */
export type ProgressCallback = (done: number, total: number) => void;

export interface RenderOptions {
  /** Called as the render advances, at most once per unit, and once at the end with done === total. */
  readonly onProgress?: ProgressCallback;
}

/** Counts units of work and reports them; `extra` units are the renderer's own steps after the blocks. */
export function progressCounter(blocks: number, onProgress: ProgressCallback | undefined, extra = 0) {
  const total = blocks + extra + 1;
  let done = 0;
  return {
    total,
    step(units = 1): void {
      done = Math.min(total - 1, done + units);
      onProgress?.(done, total);
    },
    finish(): void {
      done = total;
      onProgress?.(done, total);
    },
  };
}
