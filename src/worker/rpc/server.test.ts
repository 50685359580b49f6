import { afterEach, describe, expect, it } from 'vitest'
import type { RpcFrame } from '../../core/api/rpc.ts'
import { ValidationError } from '../../core/errors.ts'
import { RpcServer } from './server.ts'
import { noParams, object, parseParams, string } from './validate.ts'

const opened: MessagePort[] = []
afterEach(() => {
  for (const p of opened.splice(0)) p.close()
})

function connect(server: RpcServer): {
  port: MessagePort
  frames: RpcFrame[]
  next: () => Promise<RpcFrame>
} {
  const { port1, port2 } = new MessageChannel()
  opened.push(port1, port2)
  server.accept(port2)
  const frames: RpcFrame[] = []
  const waiters: ((f: RpcFrame) => void)[] = []
  port1.onmessage = (ev: MessageEvent) => {
    const w = waiters.shift()
    if (w !== undefined) w(ev.data as RpcFrame)
    else frames.push(ev.data as RpcFrame)
  }
  const next = (): Promise<RpcFrame> => {
    const f = frames.shift()
    if (f !== undefined) return Promise.resolve(f)
    return new Promise((resolve) => waiters.push(resolve))
  }
  return { port: port1, frames, next }
}

function status() {
  return {
    phase: 'starting' as const,
    storage_persisted: false,
    connections: 0,
    host: 'shared-worker' as const,
  }
}

describe('RpcServer', () => {
  it('hands the port of a verifier frame to onVerifier; a verifier frame without one is ignored', async () => {
    const offered: MessagePort[] = []
    const server = new RpcServer({
      handlers: { 'node.status': async () => status() },
      onVerifier: (p) => offered.push(p),
    })
    const c = connect(server)
    const thread = new MessageChannel()
    opened.push(thread.port1, thread.port2)
    c.port.postMessage({ type: 'verifier' })
    c.port.postMessage({ type: 'verifier' }, [thread.port2])
    c.port.postMessage({ type: 'request', id: 1, method: 'node.status', params: {} })
    expect(await c.next()).toMatchObject({ type: 'response', id: 1, ok: true })
    expect(offered).toHaveLength(1)
    offered[0]?.postMessage('hello')
    const heard = await new Promise((resolve) => {
      thread.port1.onmessage = (ev: MessageEvent) => resolve(ev.data)
    })
    expect(heard).toBe('hello')
  })

  it('answers a request with its handler result under the same id', async () => {
    const server = new RpcServer({ handlers: { 'node.status': async () => status() } })
    const c = connect(server)
    c.port.postMessage({ type: 'request', id: 3, method: 'node.status', params: {} })
    expect(await c.next()).toEqual({ type: 'response', id: 3, ok: true, result: status() })
  })

  it('answers malformed frames, unknown methods and bad params with typed errors', async () => {
    const server = new RpcServer({
      handlers: {
        'node.status': async (p) => {
          parseParams(noParams, p)
          return status()
        },
      },
      extraHandlers: {
        echo: async (p) => parseParams(object({ text: string({ max: 3 }) }), p),
      },
    })
    const c = connect(server)
    const send = async (data: unknown) => {
      c.port.postMessage(data)
      return c.next()
    }
    expect(await send('nope')).toMatchObject({ id: -1, ok: false, error: { name: 'MalformedError' } })
    expect(await send({ type: 'request', id: -4, method: 'node.status' })).toMatchObject({
      id: -1,
      error: { name: 'MalformedError' },
    })
    expect(await send({ type: 'request', id: 1, method: 'x.y', params: {} })).toMatchObject({
      id: 1,
      error: { name: 'ValidationError', message: 'frame.method: unknown method "x.y"' },
    })
    expect(await send({ type: 'request', id: 2, method: 'node.status', params: { a: 1 } })).toMatchObject({
      id: 2,
      error: { name: 'ValidationError', message: 'params.a: is not an allowed field' },
    })
    expect(await send({ type: 'request', id: 3, method: 'echo', params: { text: 'long' } })).toMatchObject({
      id: 3,
      error: { name: 'ValidationError', message: 'params.text: must be at most 3 characters' },
    })
    expect(await send({ type: 'request', id: 4, method: 'echo', params: { text: 'ok' } })).toMatchObject({
      id: 4,
      ok: true,
      result: { text: 'ok' },
    })
  })

  it('holds every answer until the durability barrier resolves, and reports a failed barrier as the error', async () => {
    let release: () => void = () => {}
    let barrier: Promise<void> = new Promise((r) => {
      release = r
    })
    const server = new RpcServer({
      handlers: { 'node.status': async () => status() },
      beforeSend: () => barrier,
    })
    const c = connect(server)
    c.port.postMessage({ type: 'request', id: 1, method: 'node.status', params: {} })
    await new Promise((r) => setTimeout(r, 30))
    expect(c.frames).toEqual([])
    release()
    expect(await c.next()).toMatchObject({ id: 1, ok: true })
    barrier = Promise.reject(new ValidationError('log append failed'))
    barrier.catch(() => {})
    c.port.postMessage({ type: 'request', id: 2, method: 'node.status', params: {} })
    expect(await c.next()).toMatchObject({ id: 2, ok: false, error: { name: 'ValidationError' } })
  })

  it('broadcasts events to every port except those that said bye', async () => {
    const server = new RpcServer({ handlers: {} })
    const a = connect(server)
    const b = connect(server)
    const gone = connect(server)
    gone.port.postMessage({ type: 'bye' })
    await new Promise((r) => setTimeout(r, 20))
    expect(server.portCount).toBe(2)
    server.broadcast({ type: 'people.changed' })
    expect(await a.next()).toEqual({ type: 'event', event: { type: 'people.changed' } })
    expect(await b.next()).toEqual({ type: 'event', event: { type: 'people.changed' } })
    await new Promise((r) => setTimeout(r, 20))
    expect(gone.frames).toEqual([])
  })

  it('stops broadcasting to a port silent for longer than idleMs until it speaks again', async () => {
    let now = 0
    const server = new RpcServer({ handlers: {}, idleMs: 1000, now: () => now })
    const a = connect(server)
    now = 5000
    expect(server.portCount).toBe(0)
    a.port.postMessage({ type: 'ping' })
    await new Promise((r) => setTimeout(r, 20))
    expect(server.portCount).toBe(1)
  })
})
