/**
 * The anchor's Noise crypto gives the stock crypto's Diffie-Hellman results bit for bit, for
 * generated and seeded key pairs, for keys passed as Uint8Array and as Uint8ArrayList, and when a
 * key is used again (the cached KeyObject is that key's, not another's). Real handshakes with it:
 * every anchor test (anchor.test.ts, offenders.test.ts) dials the anchor with stock libp2p clients.
 */
import { randomBytes } from 'node:crypto'
import type { ICryptoInterface } from '@chainsafe/libp2p-noise'
import { defaultCrypto } from '@chainsafe/libp2p-noise/crypto'
import { Uint8ArrayList } from 'uint8arraylist'
import { describe, expect, it } from 'vitest'
import { anchorNoiseCrypto } from './noise-crypto.ts'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
/** A public key split in two, as noise passes a key it read from a message. */
const asList = (key: Uint8Array) =>
  new Uint8ArrayList(key.subarray(0, 10), key.subarray(10)) as unknown as Parameters<
    ICryptoInterface['generateX25519SharedKey']
  >[1]

describe('anchorNoiseCrypto', () => {
  it('agrees with the stock crypto on every DH, reused keys included', () => {
    const ours = [anchorNoiseCrypto.generateX25519KeyPair(), anchorNoiseCrypto.generateX25519KeyPair()]
    const seeded = anchorNoiseCrypto.generateX25519KeyPairFromSeed(randomBytes(32))
    const theirs = [defaultCrypto.generateX25519KeyPair(), defaultCrypto.generateX25519KeyPair()]
    for (let round = 0; round < 2; round++) {
      for (const mine of [...ours, seeded]) {
        for (const other of theirs) {
          const expected = hex(defaultCrypto.generateX25519SharedKey(mine.privateKey, other.publicKey))
          expect(hex(anchorNoiseCrypto.generateX25519SharedKey(mine.privateKey, other.publicKey))).toBe(
            expected,
          )
          expect(
            hex(anchorNoiseCrypto.generateX25519SharedKey(mine.privateKey, asList(other.publicKey))),
          ).toBe(expected)
          // and from the other side, with the stock crypto's keys in our code
          expect(hex(anchorNoiseCrypto.generateX25519SharedKey(other.privateKey, mine.publicKey))).toBe(
            expected,
          )
        }
      }
    }
  })

  it('derives the same public key from a seed as the stock crypto', () => {
    const seed = randomBytes(32)
    expect(hex(anchorNoiseCrypto.generateX25519KeyPairFromSeed(seed).publicKey)).toBe(
      hex(defaultCrypto.generateX25519KeyPairFromSeed(seed).publicKey),
    )
  })
})
