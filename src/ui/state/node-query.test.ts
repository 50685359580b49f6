import type { ReactiveController } from 'lit'
import { describe, expect, it } from 'vitest'
import type { NodeEvent, PostId } from '../../core/api/index.ts'
import type { RpcClient } from './node-client.ts'
import { NodeAction, NodeQuery, type QueryHost } from './node-query.ts'
import type { ToastRequest } from './toast.ts'

/** A Lit host reduced to what the controllers use: controllers, updates, and the toasts it fired. */
function fakeHost() {
  const controllers: ReactiveController[] = []
  const toasts: ToastRequest[] = []
  const host = {
    updates: 0,
    addController: (c: ReactiveController) => controllers.push(c),
    removeController: () => undefined,
    requestUpdate: () => {
      host.updates++
    },
    updateComplete: Promise.resolve(true),
    dispatchEvent: (e: Event) => {
      toasts.push((e as CustomEvent<ToastRequest>).detail)
      return true
    },
    connect: () => {
      for (const c of controllers) c.hostConnected?.()
    },
    disconnect: () => {
      for (const c of controllers) c.hostDisconnected?.()
    },
    toasts,
  }
  return host
}

/** A node handle whose answers the test sets, and whose events it pushes. */
function fakeClient(answer: (method: string, params: unknown) => Promise<unknown>) {
  const listeners = new Set<(e: NodeEvent) => void>()
  const client = {
    calls: [] as string[],
    call: (method: string, params: unknown) => {
      client.calls.push(method)
      return answer(method, params)
    },
    on: (l: (e: NodeEvent) => void) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    push: (e: NodeEvent) => {
      for (const l of listeners) l(e)
    },
    listeners,
  }
  return client as typeof client & RpcClient
}

const settle = () => new Promise((r) => setTimeout(r, 0))

describe('NodeQuery', () => {
  it('loads on connect, reloads on the named events only, and stops listening when removed', async () => {
    let n = 0
    const client = fakeClient(async () => ++n)
    const host = fakeHost()
    const q = new NodeQuery(host as unknown as QueryHost, {
      client: () => client,
      load: (c) => c.call('anchors.list', {}) as unknown as Promise<number>,
      initial: 0,
      reloadOn: ['anchors.changed'],
    })
    expect(q.value).toBe(0)
    host.connect()
    await settle()
    expect([q.value, q.loaded, q.busy]).toEqual([1, true, false])
    client.push({ type: 'network.changed' } as NodeEvent)
    await settle()
    expect(q.value).toBe(1)
    client.push({ type: 'anchors.changed' } as NodeEvent)
    await settle()
    expect(q.value).toBe(2)
    host.disconnect()
    expect(client.listeners.size).toBe(0)
    expect(host.updates).toBeGreaterThan(0)
  })

  it('reports a failed load as an error toast by default, inline or by resetting when asked', async () => {
    const failing = fakeClient(async () => {
      throw new Error('the node is gone')
    })
    const modes = ['toast', 'inline', 'reset'] as const
    const seen = await Promise.all(
      modes.map(async (report) => {
        const host = fakeHost()
        const q = new NodeQuery(host as unknown as QueryHost, {
          client: () => failing,
          load: (c) => c.call('hosting.status', {}) as unknown as Promise<string | null>,
          initial: null,
          report,
        })
        q.value = 'old'
        host.connect()
        await settle()
        return { error: q.error, value: q.value, toasts: host.toasts, loaded: q.loaded }
      }),
    )
    expect(seen[0]).toEqual({
      error: 'the node is gone',
      value: 'old',
      toasts: [{ message: 'the node is gone', kind: 'error' }],
      loaded: false,
    })
    expect(seen[1]).toEqual({ error: 'the node is gone', value: 'old', toasts: [], loaded: false })
    expect(seen[2]).toEqual({ error: 'the node is gone', value: null, toasts: [], loaded: false })
  })

  it('drops an answer for a key that moved on, and reads nothing for a null key', async () => {
    const pending: Array<(v: string) => void> = []
    const client = fakeClient(() => new Promise((r) => pending.push(r as (v: unknown) => void)))
    const host = fakeHost()
    let key: string | null = null
    const q = new NodeQuery(host as unknown as QueryHost, {
      client: () => client,
      load: (c) => c.call('post.thread', { id: key as PostId }) as unknown as Promise<string>,
      initial: '',
      key: () => key,
      loadOnConnect: false,
    })
    host.connect()
    await q.reload()
    expect(client.calls).toEqual([])
    key = 'a'
    const first = q.reload()
    key = 'b'
    const second = q.reload()
    pending[1]?.('thread b')
    await second
    pending[0]?.('thread a')
    await first
    expect(q.value).toBe('thread b')
  })

  it('set keeps the answer as the new value and toasts when done; a failure leaves the value', async () => {
    let fail = false
    const client = fakeClient(async () => {
      if (fail) throw new Error('refused')
      return ['x']
    })
    const host = fakeHost()
    const q = new NodeQuery<string[]>(host as unknown as QueryHost, {
      client: () => client,
      load: async () => [],
      initial: [],
      report: 'inline',
    })
    const step = (c: RpcClient) => c.call('anchors.add', { addr: '/x' }) as unknown as Promise<string[]>
    expect(await q.set(step, { message: 'Added.', kind: 'success' })).toBe(true)
    expect([q.value, host.toasts]).toEqual([['x'], [{ message: 'Added.', kind: 'success' }]])
    fail = true
    expect(await q.set(step, { message: 'Added.' })).toBe(false)
    expect([q.value, q.error, host.toasts.length]).toEqual([['x'], 'refused', 1])
  })
})

describe('NodeAction', () => {
  it('is busy while it runs, toasts what the answer says, and toasts a failure unless inline', async () => {
    let release: (v: unknown) => void = () => undefined
    const client = fakeClient(() => new Promise((r) => (release = r)))
    const host = fakeHost()
    const action = new NodeAction(host as unknown as QueryHost, () => client)
    const run = action.run(
      (c) => c.call('node.requestPersistence', {}) as unknown as Promise<{ persisted: boolean }>,
      (r) => ({ message: r.persisted ? 'kept' : 'declined' }),
    )
    expect(action.busy).toBe(true)
    release({ persisted: true })
    expect(await run).toBe(true)
    expect([action.busy, host.toasts]).toEqual([false, [{ message: 'kept' }]])

    const broken = fakeClient(async () => {
      throw new Error('no')
    })
    const inline = new NodeAction(host as unknown as QueryHost, () => broken, 'inline')
    expect(await inline.run((c) => c.call('follow.add', { target: 'x' }), { message: 'never' })).toBe(false)
    expect([inline.error, host.toasts.length]).toEqual(['no', 1])
    const loud = new NodeAction(host as unknown as QueryHost, () => broken)
    expect(await loud.run((c) => c.call('follow.add', { target: 'x' }))).toBe(false)
    expect(host.toasts.at(-1)).toEqual({ message: 'no', kind: 'error' })
  })

  it('does nothing without a node handle', async () => {
    const host = fakeHost()
    const action = new NodeAction(host as unknown as QueryHost, () => null)
    expect(await action.run(async () => 1, { message: 'x' })).toBe(false)
    expect(host.toasts).toEqual([])
  })
})
