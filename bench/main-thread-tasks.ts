/**
 * The page's main-thread tasks from a Chromium trace (issue 12): each task's wall time and the CPU
 * time its thread really ran. The longtask API only sees wall time, so on a machine with more
 * runnable threads than cores a task that waits for a core counts as long though it did little work;
 * the thread CPU time (`tdur`) tells the two apart.
 */

/** The trace categories `tasksFromTrace` needs. */
export const TASK_TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline']

/** One main-thread task, in milliseconds. */
export interface MainThreadTask {
  wall: number
  cpu: number
}

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  dur?: number
  tdur?: number
  args?: { name?: string }
}

/** The top-level tasks of the busiest renderer main thread in `trace` (Chromium's JSON trace). */
export function tasksFromTrace(trace: Buffer | string): MainThreadTask[] {
  const parsed = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[]
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents
  const mains = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  )
  const byThread = new Map<string, MainThreadTask[]>()
  for (const e of events) {
    if (e.name !== 'RunTask' || e.ph !== 'X' || e.dur === undefined) continue
    const thread = `${e.pid}:${e.tid}`
    if (!mains.has(thread)) continue
    const tasks = byThread.get(thread) ?? []
    tasks.push({ wall: e.dur / 1000, cpu: (e.tdur ?? e.dur) / 1000 })
    byThread.set(thread, tasks)
  }
  let busiest: MainThreadTask[] = []
  for (const tasks of byThread.values()) if (tasks.length > busiest.length) busiest = tasks
  return busiest
}
