import { describe, expect, it } from 'vitest'
import { methodParams } from './method-params.ts'
import { parseParams } from './validate.ts'

const bob = '12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf'

function rejects(method: keyof typeof methodParams, params: unknown, field: RegExp): void {
  expect(() => parseParams(methodParams[method] as never, params)).toThrow(
    expect.objectContaining({ name: 'ValidationError', message: expect.stringMatching(field) }),
  )
}

describe('RPC method params', () => {
  it('accepts a well-formed post and returns only its known fields', () => {
    const ok = parseParams(methodParams['post.create'], {
      content: 'hi',
      intent: { type: 'direct', recipients: [bob] },
      attachments: [],
    })
    expect(ok).toEqual({ content: 'hi', intent: { type: 'direct', recipients: [bob] }, attachments: [] })
  })

  it('names the field that is wrong', () => {
    rejects('post.create', { content: 42, intent: { type: 'public' }, attachments: [] }, /params.content/)
    rejects(
      'post.create',
      { content: 'x', intent: { type: 'everyone' }, attachments: [] },
      /params.intent.type/,
    )
    rejects(
      'post.create',
      { content: 'x', intent: { type: 'direct', recipients: ['nope'] }, attachments: [] },
      /recipients\[0\]/,
    )
    rejects('feed.page', { query: { type: 'home' }, limit: 1000 }, /params.limit/)
    rejects('follow.remove', { node_id: 'not-a-node' }, /params.node_id/)
    rejects('circles.create', { name: 'x', members: [], extra: 1 }, /params.extra/)
    rejects('blob.get', { id: 'ab', post: 'cd' }, /params.id/)
  })

  it('refuses attachments over 256 KiB before they reach the node', () => {
    const big = new Uint8Array(256 * 1024 + 1)
    rejects(
      'post.create',
      { content: '', intent: { type: 'public' }, attachments: [{ bytes: big, mime: 'image/png' }] },
      /bytes/,
    )
  })
})
