import { describe, expect, it } from 'vitest'
import { toHex, utf8 } from '../crypto/index.ts'
import { identityOpener, secretOpener, unwrapKey, wrapKeyFor } from './key-wrap.ts'
import { x25519PublicFromNodeId } from './node-id.ts'
import { ALICE, BOB, CAROL, deterministicRandom } from './test-support/fixtures.ts'

const binding = { context: 'distsoc test wrap', aad: utf8('bound to this') }
const key = new Uint8Array(32).fill(9)

describe('the one key wrap', () => {
  it('opens for every recipient it was made for, under one ephemeral key', async () => {
    const pubs = [ALICE, BOB].map((i) => x25519PublicFromNodeId(i.nodeId))
    const sealed = await wrapKeyFor(key, pubs, binding)
    expect(sealed.wrapped).toHaveLength(2)
    expect(sealed.wrapped.every((w) => w.length === 73 && w[0] === 0x02)).toBe(true)
    for (const [i, who] of [ALICE, BOB].entries()) {
      const opened = await unwrapKey(
        await identityOpener(who),
        sealed.ephemeral_pub,
        sealed.wrapped[i]!,
        binding,
      )
      expect(toHex(opened)).toBe(toHex(key))
    }
  })

  it('is reproducible from an injected random source (the vectors)', async () => {
    const pubs = [x25519PublicFromNodeId(CAROL.nodeId)]
    const a = await wrapKeyFor(key, pubs, binding, deterministicRandom('key-wrap test'))
    const b = await wrapKeyFor(key, pubs, binding, deterministicRandom('key-wrap test'))
    expect(toHex(a.wrapped[0]!)).toBe(toHex(b.wrapped[0]!))
    expect(toHex(a.ephemeral_pub)).toBe(toHex(b.ephemeral_pub))
  })

  it('opens for a raw X25519 secret (an epoch key)', async () => {
    const secret = new Uint8Array(32).fill(3)
    const opener = await secretOpener(secret)
    const sealed = await wrapKeyFor(key, [opener.pub], binding)
    expect(toHex(await unwrapKey(opener, sealed.ephemeral_pub, sealed.wrapped[0]!, binding))).toBe(toHex(key))
  })

  it('refuses another context, other associated data, another recipient, a bad size or version', async () => {
    const sealed = await wrapKeyFor(key, [x25519PublicFromNodeId(BOB.nodeId)], binding)
    const bob = await identityOpener(BOB)
    const w = sealed.wrapped[0]!
    const eph = sealed.ephemeral_pub
    await expect(unwrapKey(bob, eph, w, { ...binding, context: 'other' })).rejects.toMatchObject({
      name: 'DecryptionError',
    })
    await expect(unwrapKey(bob, eph, w, { ...binding, aad: utf8('other') })).rejects.toMatchObject({
      name: 'DecryptionError',
    })
    await expect(unwrapKey(await identityOpener(CAROL), eph, w, binding)).rejects.toMatchObject({
      name: 'DecryptionError',
    })
    await expect(unwrapKey(bob, eph, w.subarray(0, 72), binding)).rejects.toMatchObject({
      name: 'DecryptionError',
    })
    await expect(unwrapKey(bob, eph, Uint8Array.of(0x01, ...w.subarray(1)), binding)).rejects.toMatchObject({
      name: 'UnsupportedVersionError',
    })
    await expect(unwrapKey(bob, new Uint8Array(32), w, binding)).rejects.toMatchObject({
      name: 'LowOrderKeyError',
    })
  })

  it('refuses a key that is not 32 bytes', async () => {
    await expect(wrapKeyFor(new Uint8Array(31), [], binding)).rejects.toMatchObject({
      name: 'ValidationError',
    })
  })
})
