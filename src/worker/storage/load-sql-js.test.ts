import { afterEach, describe, expect, it, vi } from 'vitest'
import type { NodeStatus } from '../../core/api/index.ts'
import { StorageUnavailableError } from '../../core/errors.ts'
import { createNodeHost } from '../node-host.ts'
import { compileWasm, loadSqlJs } from './load-sql-js.ts'

afterEach(() => {
  vi.unstubAllGlobals()
})

const failure = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (err: unknown) => err,
  )

describe('loading the sql.js WASM', () => {
  it('throws StorageUnavailableError naming the HTTP status of a failed fetch', async () => {
    vi.stubGlobal('fetch', async () => new Response('gone', { status: 404 }))
    const err = await failure(compileWasm('/assets/sql-wasm.wasm'))
    expect(err).toBeInstanceOf(StorageUnavailableError)
    expect((err as Error).name).toBe('StorageUnavailableError')
    expect((err as Error).message).toBe('sql.js WASM: HTTP 404')
  })

  it('throws StorageUnavailableError when the fetch itself fails or the bytes are not WASM', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch')
    })
    const offline = await failure(compileWasm('/assets/sql-wasm.wasm'))
    expect(offline).toBeInstanceOf(StorageUnavailableError)
    expect((offline as Error).message).toContain('Failed to fetch')
    vi.stubGlobal('fetch', async () => new Response('<html>not wasm</html>', { status: 200 }))
    const notWasm = await failure(compileWasm('/assets/sql-wasm.wasm'))
    expect(notWasm).toBeInstanceOf(StorageUnavailableError)
    expect((notWasm as Error).message).toMatch(/^sql\.js WASM: did not compile/)
  })

  it('rejects the load with it (sql.js alone would wait forever), and the host reports it by name', async () => {
    vi.stubGlobal('fetch', async () => new Response('', { status: 503 }))
    const statuses: NodeStatus[] = []
    const host = createNodeHost({
      host: 'shared-worker',
      broadcast: (event) => {
        if (event.type === 'status') statuses.push(event.status)
      },
      openStorage: async () => {
        await loadSqlJs()
        throw new Error('unreachable: the WASM did not load')
      },
      acquireStorageLock: async () => {},
      origin: 'http://127.0.0.1',
    })
    await host.start()
    expect(host.status().phase).toBe('failed')
    expect(host.status().error).toBe('StorageUnavailableError: sql.js WASM: HTTP 503')
    expect(statuses.at(-1)?.error).toBe('StorageUnavailableError: sql.js WASM: HTTP 503')
  })
})
