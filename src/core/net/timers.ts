/**
 * Timers for core code: core compiles without DOM or Node types (docs/design.md §2), yet every runtime
 * we target (browsers, workers, Node) has `setTimeout`. Declared here once, locally.
 */
declare function setTimeout(fn: () => void, ms: number): unknown
declare function clearTimeout(handle: unknown): void

/** Runs `fn` after `ms` milliseconds; returns a function that cancels it. */
export function after(ms: number, fn: () => void): () => void {
  const handle = setTimeout(fn, ms)
  return () => clearTimeout(handle)
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    after(ms, resolve)
  })
}
