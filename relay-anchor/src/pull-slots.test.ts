import { describe, expect, it } from 'vitest'
import { PullSlots } from './pull-slots.ts'

function gate() {
  let open: () => void = () => {}
  const opened = new Promise<void>((r) => {
    open = r
  })
  return { opened, open }
}

describe('pull slots', () => {
  it('runs at most `concurrency` pulls, users of the anchor before strangers, and drops past the queue', async () => {
    const slots = new PullSlots({ concurrency: 1, maxQueued: 2, maxStrangers: 1 })
    const order: string[] = []
    const first = gate()
    const running = slots.run(false, async () => {
      order.push('first')
      await first.opened
    })
    const strangers = [1, 2].map((n) => slots.run(false, async () => void order.push(`stranger${n}`)))
    expect(await slots.run(false, async () => void order.push('dropped'))).toBe(false)
    const user = slots.run(true, async () => void order.push('user'))
    expect(slots.active).toBe(1)
    expect(slots.queued).toBe(3)
    first.open()
    expect(await Promise.all([running, user, ...strangers])).toEqual([true, true, true, true])
    expect(order).toEqual(['first', 'user', 'stranger1', 'stranger2'])
    expect(slots.active).toBe(0)
  })

  it('never gives strangers more than their share of the slots', async () => {
    const slots = new PullSlots({ concurrency: 4, maxQueued: 10 })
    const hold = gate()
    const strangers = [1, 2, 3].map(() => slots.run(false, () => hold.opened))
    expect(slots.active).toBe(2)
    let userRan = false
    await slots.run(true, async () => {
      userRan = true
    })
    expect(userRan).toBe(true)
    hold.open()
    expect(await Promise.all(strangers)).toEqual([true, true, true])
  })

  it('frees the slot when a pull throws, and drops waiting pulls on close', async () => {
    const slots = new PullSlots({ concurrency: 1, maxQueued: 5 })
    await expect(
      slots.run(true, async () => {
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(slots.active).toBe(0)
    const hold = gate()
    const running = slots.run(true, () => hold.opened)
    const waiting = slots.run(true, async () => {})
    slots.close()
    expect(await waiting).toBe(false)
    hold.open()
    expect(await running).toBe(true)
  })
})
