import { describe, expect, it } from 'vitest'
import type { NodeId, PostId, PostView, ThreadView } from '../../core/api/index.ts'
import { mayNotify, messageNotice, NOTICE_BODY_MAX, replyNotice, unreadCount } from './notify-decision.ts'

const on = { messages: true, replies: true }
const thread = (peer: string, unread: number, at: number, is_request = false): ThreadView => ({
  peer: peer as NodeId,
  peer_name: peer.toUpperCase(),
  last_message_at: at,
  last_preview: `hi from ${peer}`,
  unread,
  is_request,
})
const reply = (over: Partial<PostView> = {}): PostView =>
  ({
    id: 'r1' as PostId,
    author: 'bob' as NodeId,
    author_name: 'Bob',
    created_at: 1,
    content: 'nice post',
    attachments: [],
    audience: { kind: 'public' },
    reply_to: 'p1' as PostId,
    is_own: false,
    ...over,
  }) as PostView

describe('notify decision', () => {
  it('counts every unread message for the badge, ignoring nonsense negatives', () => {
    expect(unreadCount([thread('a', 2, 1), thread('b', 3, 2), thread('c', -1, 3)])).toBe(5)
    expect(unreadCount([])).toBe(0)
  })

  it('notifies only a hidden page with permission', () => {
    expect(mayNotify('hidden', 'granted')).toBe(true)
    expect(mayNotify('visible', 'granted')).toBe(false)
    expect(mayNotify('hidden', 'default')).toBe(false)
    expect(mayNotify('hidden', 'denied')).toBe(false)
  })

  it('names the newest conversation whose unread count grew, request or DM', () => {
    const before = [thread('a', 1, 5), thread('b', 0, 1)]
    const dm = messageNotice(before, [thread('a', 2, 9), thread('b', 1, 8)], on)
    expect(dm).toEqual({ title: 'New message from A', body: 'hi from a', tag: 'dm:a', from: 'a' })
    const req = messageNotice(before, [thread('a', 1, 5), thread('b', 0, 1), thread('z', 1, 10, true)], on)
    expect(req?.title).toBe('Message request from Z')
  })

  it('stays quiet when nothing grew (read, or unchanged) or messages are turned off', () => {
    const before = [thread('a', 2, 5)]
    expect(messageNotice(before, [thread('a', 0, 5)], on)).toBeNull()
    expect(messageNotice(before, [thread('a', 2, 5)], on)).toBeNull()
    expect(messageNotice([], [thread('a', 1, 5)], { messages: false, replies: true })).toBeNull()
  })

  it('notifies a reply by someone else to an own post, cut to the body limit', () => {
    expect(replyNotice(reply(), true, on)).toEqual({
      title: 'Bob replied to your post',
      body: 'nice post',
      tag: 'reply:p1',
      from: reply().author,
    })
    const long = replyNotice(reply({ content: 'x'.repeat(500) }), true, on)
    expect(long?.body.length).toBe(NOTICE_BODY_MAX)
    expect(long?.body.endsWith('…')).toBe(true)
    expect(replyNotice(reply({ content: null }), true, on)?.body).toBe('Encrypted reply')
  })

  it('ignores own replies, replies to others, top-level posts and a turned-off toggle', () => {
    expect(replyNotice(reply({ is_own: true }), true, on)).toBeNull()
    expect(replyNotice(reply(), false, on)).toBeNull()
    expect(replyNotice(reply({ reply_to: undefined }), true, on)).toBeNull()
    expect(replyNotice(reply(), true, { messages: true, replies: false })).toBeNull()
  })
})
