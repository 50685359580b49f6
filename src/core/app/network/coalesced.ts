/**
 * Runs `run` at most once at a time: a call while it runs waits for one more run after it, which
 * every such call shares. So a burst of calls (100 follows at once, each asking for a pull) costs
 * two runs, and every caller still gets a run that started after its call.
 */
export function coalesced<T>(run: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined
  let next: Promise<T> | undefined
  const start = (): Promise<T> => {
    const current = run().finally(() => {
      if (running === current) running = undefined
    })
    running = current
    return current
  }
  return () => {
    if (next !== undefined) return next
    if (running === undefined) return start()
    const after = running.then(
      () => undefined,
      () => undefined,
    )
    next = after.then(() => {
      next = undefined
      return start()
    })
    return next
  }
}
