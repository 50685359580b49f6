import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../net/index.ts'
import { createSqlJsDriver, openStore } from '../storage/index.ts'
import { anchorStunGuess, iceServersFor } from './anchor-ice.ts'
import { addAnchor, setDefaultAnchorEnabled } from './anchors.ts'
import type { BootstrapConfig, NodeContext } from './node-context.ts'

const SQL = await initSqlJs()
const id = '12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf'
const def = `/dns4/shareat.app/tcp/443/wss/p2p/${id}`
const community = `/dns4/anchor.example.org/tcp/443/wss/p2p/${id}`

function context(bootstrap: BootstrapConfig): NodeContext {
  return {
    store: openStore(createSqlJsDriver(new SQL.Database())),
    clock: { now: () => Date.now() },
    logger: silentLogger,
    bootstrap,
    emit: () => {},
    identity: undefined,
  } as unknown as NodeContext
}

describe('ICE servers from the anchors (issue 18)', () => {
  it('uses what bootstrap.json names for its anchors, and nothing for those it names none for', () => {
    const ctx = context({
      anchors: [community],
      defaultAnchor: def,
      ice: { [def]: [{ urls: 'stun:shareat.app:3478' }] },
    })
    expect(iceServersFor(ctx)).toEqual([{ urls: 'stun:shareat.app:3478' }])
  })

  it("drops a disabled anchor's servers", () => {
    const ctx = context({
      anchors: [],
      defaultAnchor: def,
      ice: { [def]: [{ urls: 'stun:shareat.app:3478' }] },
    })
    setDefaultAnchorEnabled(ctx, false)
    expect(iceServersFor(ctx)).toEqual([])
  })

  it("asks an anchor the user added at its own host's STUN port", () => {
    const ctx = context({ anchors: [], defaultAnchor: def })
    addAnchor(ctx, `/ip4/203.0.113.7/tcp/4001/ws/p2p/${id}`)
    expect(iceServersFor(ctx)).toContainEqual({ urls: 'stun:203.0.113.7:3478' })
    expect(iceServersFor(ctx)).not.toContainEqual({ urls: 'stun:shareat.app:3478' })
  })

  it('writes IPv6 hosts in brackets and guesses nothing for an address without a host', () => {
    expect(anchorStunGuess(`/ip6/2001:db8::1/tcp/443/wss/p2p/${id}`)).toEqual({
      urls: 'stun:[2001:db8::1]:3478',
    })
    expect(anchorStunGuess(`/p2p/${id}`)).toBeUndefined()
  })
})
