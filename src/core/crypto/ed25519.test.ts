import { describe, expect, it } from 'vitest'
import { fromHex, toHex } from './bytes.ts'
import {
  ed25519Best,
  ed25519Noble,
  ed25519PublicKey,
  ed25519PublicKeyFast,
  ed25519WebCrypto,
  sign,
  verify,
  webCryptoEd25519Supported,
} from './ed25519.ts'
import vectors from './vectors/ed25519-rfc8032.json' with { type: 'json' }

describe('Ed25519', () => {
  it('uses the WebCrypto fast path on Node 20', async () => {
    expect(await webCryptoEd25519Supported()).toBe(true)
  })

  it('derives the same public key by WebCrypto as noble (RFC 8032 vectors and random seeds), and refuses a bad seed', async () => {
    for (const c of vectors.cases) expect(toHex(await ed25519PublicKeyFast(fromHex(c.secret)))).toBe(c.public)
    for (let i = 0; i < 20; i++) {
      const seed = crypto.getRandomValues(new Uint8Array(32))
      expect(toHex(await ed25519PublicKeyFast(seed))).toBe(toHex(ed25519PublicKey(seed)))
    }
    await expect(ed25519PublicKeyFast(new Uint8Array(31))).rejects.toMatchObject({ name: 'ValidationError' })
  })

  for (const impl of [ed25519Noble, ed25519WebCrypto, ed25519Best]) {
    describe(`${impl.name}${impl === ed25519Best ? ' (best)' : ''}`, () => {
      for (const c of vectors.cases) {
        it(`reproduces RFC 8032 ${c.name}`, async () => {
          const seed = fromHex(c.secret)
          expect(toHex(ed25519PublicKey(seed))).toBe(c.public)
          expect(toHex(await impl.sign(seed, fromHex(c.message)))).toBe(c.signature)
          expect(await impl.verify(fromHex(c.public), fromHex(c.message), fromHex(c.signature))).toBe(true)
        })
      }

      it('returns false, never throws, for a flipped bit, a wrong key or malformed sizes', async () => {
        const c = vectors.cases[2]!
        const pub = fromHex(c.public)
        const msg = fromHex(c.message)
        const sig = fromHex(c.signature)
        for (const i of [0, 31, 32, 63]) {
          const bad = sig.slice()
          bad[i]! ^= 1
          expect(await impl.verify(pub, msg, bad)).toBe(false)
        }
        expect(await impl.verify(fromHex(vectors.cases[0]!.public), msg, sig)).toBe(false)
        expect(await impl.verify(pub, fromHex('af83'), sig)).toBe(false)
        expect(await impl.verify(pub.subarray(0, 31), msg, sig)).toBe(false)
        expect(await impl.verify(pub, msg, sig.subarray(0, 63))).toBe(false)
        expect(await impl.verify(new Uint8Array(32).fill(0xff), msg, sig)).toBe(false)
        expect(await impl.verify('x' as unknown as Uint8Array, msg, sig)).toBe(false)
      })

      it('rejects a seed of the wrong size', async () => {
        await expect(impl.sign(new Uint8Array(31), new Uint8Array())).rejects.toThrow(/32 bytes/)
      })
    })
  }

  it('agrees across implementations on fresh keys', async () => {
    const seed = crypto.getRandomValues(new Uint8Array(32))
    const msg = crypto.getRandomValues(new Uint8Array(100))
    const a = await ed25519Noble.sign(seed, msg)
    const b = await sign(seed, msg)
    expect(toHex(a)).toBe(toHex(b))
    expect(await verify(ed25519PublicKey(seed), msg, a)).toBe(true)
  })
})
