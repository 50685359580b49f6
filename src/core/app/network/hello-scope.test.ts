/**
 * Who is an anchor and what a hello names (docs/design.md §5–§6), over a real sql.js store: a peer's own
 * claim never makes it an anchor; a hello to a peer names no follow; a hello to an anchor names
 * only the follows whose signed profiles list it; an anchor gets only what it may keep.
 */
import initSqlJs from 'sql.js'
import { beforeEach, describe, expect, it } from 'vitest'
import { generateIdentity, type Identity, signProfile } from '../../model/index.ts'
import type { NodeId, SignedPost, Verified } from '../../model/types.ts'
import { applyPeersMessage, PeerHints, silentLogger } from '../../net/index.ts'
import { createSqlJsDriver, openStore } from '../../storage/index.ts'
import { anchorMayKeep, isKnownAnchor, trustedAnchorIds } from '../anchor-trust.ts'
import type { NodeContext } from '../node-context.ts'
import { memorySecretWrapper } from '../test-support/memory-secret-wrapper.ts'
import { helloWants } from './hello-scope.ts'

const SQL = await initSqlJs()
const anchorA = generateIdentity().nodeId
const anchorB = generateIdentity().nodeId
const ownAnchor = generateIdentity().nodeId
const addr = (id: NodeId) => `/dns4/anchor.example/tcp/443/wss/p2p/${id}`

let ctx: NodeContext
let me: Identity
const bob = generateIdentity()
const carol = generateIdentity()

async function profile(who: Identity, anchors: NodeId[]) {
  const signed = await signProfile(who, {
    v: 1,
    author: who.nodeId,
    display_name: 'x',
    bio: '',
    anchors: anchors.map(addr),
    updated_at: Date.now() - 1000,
  })
  ctx.store.putProfile(signed as never)
}

beforeEach(async () => {
  me = generateIdentity()
  ctx = {
    store: openStore(createSqlJsDriver(new SQL.Database())),
    clock: { now: () => Date.now() },
    logger: silentLogger,
    bootstrap: { anchors: [], defaultAnchor: addr(ownAnchor) },
    emit: () => {},
    identity: me,
    secrets: memorySecretWrapper(),
  }
  ctx.store.follow(bob.nodeId)
  ctx.store.follow(carol.nodeId)
  await profile(bob, [anchorA])
  await profile(carol, [anchorB])
})

describe('anchor status', () => {
  it('comes from settings, bootstrap and followed profiles, never from a peer claiming it', () => {
    const liar = generateIdentity().nodeId
    applyPeersMessage(
      liar,
      { v: 1, peers: [{ id: liar, anchor: true, addrs: [addr(liar)] }], n1: [], n2: [] },
      { hints: new PeerHints(), replaceReachable: () => {} },
      me.nodeId,
      Date.now(),
    )
    expect(isKnownAnchor(ctx, liar)).toBe(false)
    expect(ctx.store.getPeer(liar)).toBeUndefined()
    expect([...trustedAnchorIds(ctx)].sort()).toEqual([anchorA, anchorB, ownAnchor].sort())
  })
})

describe('hello scope', () => {
  it('names only yourself to a peer you do not follow, and that peer too when you follow it', () => {
    expect(helloWants(ctx, generateIdentity().nodeId)).toEqual([me.nodeId])
    expect(helloWants(ctx, bob.nodeId)).toEqual([me.nodeId, bob.nodeId])
  })

  it('names to an anchor only the follows whose signed profiles list it', () => {
    expect(helloWants(ctx, anchorA)).toEqual([me.nodeId, bob.nodeId])
    expect(helloWants(ctx, anchorB)).toEqual([me.nodeId, carol.nodeId])
    expect(helloWants(ctx, ownAnchor)).toEqual([me.nodeId])
  })
})

describe('what an anchor may keep', () => {
  const dm = (author: NodeId, to: NodeId[]) =>
    ({
      id: 'ab'.repeat(32),
      post: { author },
      visibility: { type: 'encrypted', recipients: to.map((recipient) => ({ recipient })) },
    }) as unknown as Verified<SignedPost>

  it('is a post whose author or a recipient lists it', () => {
    expect(anchorMayKeep(ctx, dm(me.nodeId, [carol.nodeId]), ownAnchor)).toBe(true)
    expect(anchorMayKeep(ctx, dm(me.nodeId, [carol.nodeId]), anchorB)).toBe(true)
    expect(anchorMayKeep(ctx, dm(me.nodeId, [carol.nodeId]), anchorA)).toBe(false)
    expect(anchorMayKeep(ctx, dm(bob.nodeId, [me.nodeId]), anchorB)).toBe(false)
  })
})
