/**
 * Bulk data for the NAT tests: posts with random image-typed attachments made inside the page
 * (no megabytes through Playwright), and how many attachment bytes of them a node holds.
 */
import type { NatUser } from './nat-world.ts'

/** 1 MiB as five attachments under the 256 KiB cap (docs/design.md §4). */
export const BULK = { count: 5, size: Math.ceil((1024 * 1024) / 5) } as const
/** Bytes of one bulk transfer (≥ 1 MiB). */
export const BULK_BYTES = BULK.count * BULK.size

type Door = { port: MessagePort; next: number }

/** Calls the node through the door rpcDoor opened (it must have been used once on this page). */
async function inPage<T>(user: NatUser, body: string, arg: unknown): Promise<T> {
  await user.rpc('node.status', {})
  return user.page.evaluate(
    async ([src, a]) => {
      const door = (window as unknown as { __journeyRpc: Door }).__journeyRpc
      const call = (method: string, params: unknown): Promise<unknown> =>
        new Promise((resolve, reject) => {
          const id = door.next++
          const onMessage = (ev: MessageEvent): void => {
            const f = ev.data as {
              type?: string
              id?: number
              ok?: boolean
              result?: unknown
              error?: unknown
            }
            if (f.type !== 'response' || f.id !== id) return
            door.port.removeEventListener('message', onMessage)
            if (f.ok === true) resolve(f.result)
            else reject(new Error(JSON.stringify(f.error)))
          }
          door.port.addEventListener('message', onMessage)
          door.port.postMessage({ type: 'request', id, method, params })
        })
      const fn = new Function('call', 'arg', `return (async () => { ${src} })()`) as (
        c: typeof call,
        x: unknown,
      ) => Promise<unknown>
      return fn(call, a)
    },
    [body, arg] as const,
  ) as Promise<T>
}

/** Posts `count` public posts labelled `label`, each with one random attachment of `size` bytes. */
export function postBulk(
  user: NatUser,
  label: string,
  count = BULK.count,
  size = BULK.size,
): Promise<number> {
  return inPage<number>(
    user,
    `
    for (let i = 0; i < arg.count; i++) {
      const bytes = new Uint8Array(arg.size)
      for (let o = 0; o < bytes.length; o += 65536) crypto.getRandomValues(bytes.subarray(o, o + 65536))
      await call('post.create', {
        content: arg.label + ' ' + i,
        intent: { type: 'public' },
        attachments: [{ bytes, mime: 'image/png' }],
      })
    }
    return Date.now()`,
    { label, count, size },
  )
}

/** Attachment bytes this node holds of posts whose text starts with `label`. */
export function bytesHeld(user: NatUser, label: string): Promise<number> {
  return inPage<number>(
    user,
    `
    const page = await call('feed.page', { query: { type: 'home' }, limit: 200 })
    let total = 0
    for (const p of page.posts) {
      if (typeof p.content !== 'string' || !p.content.startsWith(arg.label)) continue
      for (const a of p.attachments) {
        try {
          total += (await call('blob.get', { id: a.blob, post: p.id })).bytes.byteLength
        } catch {}
      }
    }
    return total`,
    { label },
  )
}

/** Posts one short public post and returns the time it was made (ms since epoch, this machine). */
export function postText(user: NatUser, text: string): Promise<number> {
  return inPage<number>(
    user,
    `await call('post.create', { content: arg, intent: { type: 'public' }, attachments: [] }); return Date.now()`,
    text,
  )
}

/** Whether the node's home feed holds a post with exactly `text`. */
export function hasPost(user: NatUser, text: string): Promise<boolean> {
  return inPage<boolean>(
    user,
    `const page = await call('feed.page', { query: { type: 'home' }, limit: 50 }); return page.posts.some((p) => p.content === arg)`,
    text,
  )
}
