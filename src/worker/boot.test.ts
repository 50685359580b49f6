import { describe, expect, it } from 'vitest'
import { type BootScope, bootWorker, type PortAcceptor } from './boot.ts'

/** A SharedWorker scope stand-in: `connect(port)` plays Chrome's connect event. */
function sharedScope(): { scope: BootScope; connect: (port: MessagePort) => void; closed: () => boolean } {
  let closed = false
  const scope = {
    onconnect: null as ((ev: MessageEvent) => void) | null,
    close: () => {
      closed = true
    },
  }
  return {
    scope: scope as unknown as BootScope,
    connect: (port) => scope.onconnect?.({ ports: [port] } as unknown as MessageEvent),
    closed: () => closed,
  }
}

function nextMessage(port: MessagePort): Promise<unknown> {
  return new Promise((resolve) => {
    port.onmessage = (ev) => resolve(ev.data)
  })
}

describe('bootWorker', () => {
  it('hands ports that arrive while the node loads, and later ones, to the node', async () => {
    const { scope, connect } = sharedScope()
    const accepted: MessagePort[] = []
    let loaded: (node: PortAcceptor) => void = () => {}
    const outcome = bootWorker(scope, () => new Promise((resolve) => (loaded = resolve)))
    const early = new MessageChannel()
    connect(early.port2)
    expect(accepted).toHaveLength(0)
    loaded({ accept: (port) => accepted.push(port) })
    await outcome
    const late = new MessageChannel()
    connect(late.port2)
    expect(accepted).toEqual([early.port2, late.port2])
    early.port1.close()
    late.port1.close()
  })

  it('tells every tab why the node did not load, answers its requests with WorkerStartError, and closes', async () => {
    const { scope, connect, closed } = sharedScope()
    let fail: (err: Error) => void = () => {}
    const booting = bootWorker(scope, () => new Promise((_resolve, reject) => (fail = reject)), 30)
    const tab = new MessageChannel()
    connect(tab.port2)
    tab.port1.postMessage({ type: 'request', id: 7, method: 'node.status', params: {} })
    const frames: unknown[] = []
    tab.port1.onmessage = (ev) => frames.push(ev.data)
    fail(new TypeError('Failed to fetch dynamically imported module: /assets/serve-node.js'))
    const outcome = await booting
    expect(outcome).toBeUndefined()
    await expect.poll(() => frames.length).toBe(2)
    expect(frames[0]).toMatchObject({
      type: 'event',
      event: {
        type: 'status',
        status: {
          phase: 'failed',
          error: expect.stringMatching(/^WorkerStartError: .*Failed to fetch dynamically/),
        },
      },
    })
    expect(frames[1]).toMatchObject({
      type: 'response',
      id: 7,
      ok: false,
      error: { name: 'WorkerStartError' },
    })

    const later = new MessageChannel()
    const status = nextMessage(later.port1)
    connect(later.port2)
    expect(await status).toMatchObject({ event: { status: { phase: 'failed' } } })
    await expect.poll(closed).toBe(true)
    tab.port1.close()
    later.port1.close()
  })
})
