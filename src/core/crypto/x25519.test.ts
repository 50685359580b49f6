import { ed25519 } from '@noble/curves/ed25519.js'
import { describe, expect, it } from 'vitest'
import { fromHex, toHex } from './bytes.ts'
import vectors from './vectors/x25519-rfc7748.json' with { type: 'json' }
import {
  edwardsToMontgomeryPublic,
  edwardsToMontgomerySecret,
  webCryptoX25519Supported,
  x25519Agreement,
  x25519AgreementNoble,
  x25519Ephemeral,
  x25519PublicKey,
  x25519SharedNoble,
} from './x25519.ts'

describe('X25519', () => {
  for (const [i, v] of vectors.scalarMult.entries()) {
    it(`reproduces RFC 7748 §5.2 vector ${i + 1}`, () => {
      expect(toHex(x25519SharedNoble(fromHex(v.scalar), fromHex(v.u)))).toBe(v.output)
    })
  }

  it('reproduces the RFC 7748 §5.2 iterated vector after 1 and 1000 iterations', () => {
    let k = fromHex(vectors.iterated.start)
    let u = fromHex(vectors.iterated.start)
    for (let i = 1; i <= 1000; i++) {
      const next = x25519SharedNoble(k, u)
      u = k
      k = next
      if (i === 1) expect(toHex(k)).toBe(vectors.iterated.after1)
    }
    expect(toHex(k)).toBe(vectors.iterated.after1000)
  })

  it('reproduces the RFC 7748 §6.1 Diffie-Hellman exchange with noble and WebCrypto', async () => {
    const dh = vectors.diffieHellman
    expect(toHex(x25519PublicKey(fromHex(dh.alicePrivate)))).toBe(dh.alicePublic)
    expect(toHex(x25519PublicKey(fromHex(dh.bobPrivate)))).toBe(dh.bobPublic)
    expect(toHex(x25519SharedNoble(fromHex(dh.alicePrivate), fromHex(dh.bobPublic)))).toBe(dh.shared)
    expect(await webCryptoX25519Supported()).toBe(true)
    const agree = await x25519Agreement(fromHex(dh.bobPrivate))
    expect(toHex(await agree(fromHex(dh.alicePublic)))).toBe(dh.shared)
  })

  it('rejects low-order public keys with LowOrderKeyError on both paths', async () => {
    const secret = fromHex(vectors.diffieHellman.alicePrivate)
    const lowOrder = [new Uint8Array(32), fromHex(`01${'00'.repeat(31)}`)]
    for (const pub of lowOrder) {
      expect(() => x25519SharedNoble(secret, pub)).toThrow(
        expect.objectContaining({ name: 'LowOrderKeyError' }),
      )
      for (const agreement of [await x25519Agreement(secret), await x25519AgreementNoble(secret)]) {
        await expect(agreement(pub)).rejects.toMatchObject({ name: 'LowOrderKeyError' })
      }
    }
  })

  it('converts Ed25519 keys so that both sides of a DH agree', () => {
    const a = crypto.getRandomValues(new Uint8Array(32))
    const b = crypto.getRandomValues(new Uint8Array(32))
    const aPub = edwardsToMontgomeryPublic(ed25519.getPublicKey(a))
    const bPub = edwardsToMontgomeryPublic(ed25519.getPublicKey(b))
    expect(toHex(x25519PublicKey(edwardsToMontgomerySecret(a)))).toBe(toHex(aPub))
    expect(toHex(x25519SharedNoble(edwardsToMontgomerySecret(a), bPub))).toBe(
      toHex(x25519SharedNoble(edwardsToMontgomerySecret(b), aPub)),
    )
  })

  it('refuses to convert something that is not an Ed25519 point', () => {
    const notAPoint = new Uint8Array(32).fill(0xff)
    notAPoint[31] = 0x7f
    expect(() => edwardsToMontgomeryPublic(notAPoint)).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
  })

  it('gives an ephemeral key whose agreement matches noble on the other side', async () => {
    const other = new Uint8Array(32).fill(7)
    const eph = await x25519Ephemeral()
    const ours = await eph.agree(x25519PublicKey(other))
    expect(toHex(ours)).toBe(toHex(x25519SharedNoble(other, eph.pub)))
    expect(toHex((await x25519Ephemeral()).pub)).not.toBe(toHex(eph.pub))
    await expect(eph.agree(new Uint8Array(32))).rejects.toMatchObject({ name: 'LowOrderKeyError' })
  })
})
