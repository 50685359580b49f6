import { describe, expect, it } from 'vitest'
import { tasksFromTrace } from '../../bench/main-thread-tasks.ts'

const thread = (pid: number, tid: number, name: string) => ({
  name: 'thread_name',
  ph: 'M',
  pid,
  tid,
  args: { name },
})
const task = (pid: number, tid: number, dur: number, tdur?: number) => ({
  name: 'RunTask',
  ph: 'X',
  pid,
  tid,
  dur,
  tdur,
})

describe('tasksFromTrace', () => {
  it("reads the busiest renderer main thread's tasks, wall and CPU apart", () => {
    const trace = {
      traceEvents: [
        thread(1, 10, 'CrRendererMain'),
        thread(2, 20, 'CrRendererMain'),
        thread(2, 21, 'Compositor'),
        task(1, 10, 5000, 1000),
        task(2, 20, 120_000, 8000),
        task(2, 20, 30_000, 29_000),
        task(2, 21, 900_000, 900_000),
        { name: 'Layout', ph: 'X', pid: 2, tid: 20, dur: 100_000, tdur: 100_000 },
      ],
    }
    expect(tasksFromTrace(JSON.stringify(trace))).toEqual([
      { wall: 120, cpu: 8 },
      { wall: 30, cpu: 29 },
    ])
  })

  it('takes a bare event array and counts a task without thread time as all CPU', () => {
    const trace = [thread(3, 30, 'CrRendererMain'), task(3, 30, 60_000)]
    expect(tasksFromTrace(Buffer.from(JSON.stringify(trace)))).toEqual([{ wall: 60, cpu: 60 }])
  })
})
