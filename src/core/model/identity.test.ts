import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { describe, expect, it } from 'vitest'
import { fromHex, toHex } from '../crypto/index.ts'
import { ValidationError } from '../errors.ts'
import { generateIdentity, identityFromSeed, identityFromSeedFast, libp2pPrivateKey } from './identity.ts'
import { exportIdentity, importIdentity } from './identity-export.ts'
import {
  isNodeId,
  nodeIdFromPublicKey,
  parseNodeId,
  publicKeyFromNodeId,
  x25519PublicFromNodeId,
} from './node-id.ts'

const FAST = { cost: { log2N: 10, r: 8, p: 1 } }
const RFC_SEED = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')

describe('identity and NodeId', () => {
  it('derives the RFC 8032 public key and a 12D3KooW NodeId from a seed', () => {
    const id = identityFromSeed(RFC_SEED)
    expect(toHex(id.publicKey)).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
    expect(id.nodeId).toMatch(/^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/)
  })

  it('builds the same identity on the fast path and refuses the same bad seeds', async () => {
    expect(await identityFromSeedFast(RFC_SEED)).toEqual(identityFromSeed(RFC_SEED))
    for (const bad of [new Uint8Array(31), new Uint8Array(33), 'seed' as unknown as Uint8Array]) {
      expect(() => identityFromSeed(bad)).toThrow(ValidationError)
      await expect(identityFromSeedFast(bad)).rejects.toThrow(ValidationError)
    }
  })

  it('gives the libp2p PeerId of the same key', () => {
    const id = generateIdentity()
    expect(peerIdFromPrivateKey(libp2pPrivateKey(id)).toString()).toBe(id.nodeId)
  })

  it('round-trips NodeId → public key → NodeId', () => {
    const id = generateIdentity()
    expect(toHex(publicKeyFromNodeId(id.nodeId))).toBe(toHex(id.publicKey))
    expect(nodeIdFromPublicKey(publicKeyFromNodeId(id.nodeId))).toBe(id.nodeId)
    expect(parseNodeId(id.nodeId)).toBe(id.nodeId)
    expect(x25519PublicFromNodeId(id.nodeId)).toHaveLength(32)
  })

  it('rejects anything that is not an Ed25519 PeerId with InvalidNodeIdError', () => {
    const good = generateIdentity().nodeId
    const cid = peerIdFromString(good).toCID().toString()
    const notAPoint = new Uint8Array(32).fill(0xff)
    notAPoint[31] = 0x7f
    const bad: unknown[] = [
      42,
      null,
      '',
      'hello',
      `${good}x`,
      good.slice(0, -1),
      cid,
      'QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N',
      '16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY',
      'x'.repeat(10_000),
    ]
    for (const s of bad) {
      expect(() => parseNodeId(s)).toThrow(expect.objectContaining({ name: 'InvalidNodeIdError' }))
      expect(isNodeId(s)).toBe(false)
    }
    expect(() => nodeIdFromPublicKey(notAPoint)).toThrow(
      expect.objectContaining({ name: 'InvalidNodeIdError' }),
    )
  })
})

describe('identity export', () => {
  it('round-trips through a passphrase', async () => {
    const id = generateIdentity()
    const bytes = await exportIdentity(id, 'correct horse battery staple', FAST)
    expect(bytes).toHaveLength(96)
    const back = await importIdentity(bytes, 'correct horse battery staple')
    expect(back.nodeId).toBe(id.nodeId)
    expect(toHex(back.seed)).toBe(toHex(id.seed))
  })

  it('uses N = 2^15, r = 8, p = 1 by default', async () => {
    const bytes = await exportIdentity(generateIdentity(), 'pw')
    expect([...bytes.subarray(4, 8)]).toEqual([1, 15, 8, 1])
  })

  it('throws WrongPassphraseError for a wrong passphrase or a flipped ciphertext byte', async () => {
    const bytes = await exportIdentity(generateIdentity(), 'right', FAST)
    await expect(importIdentity(bytes, 'wrong')).rejects.toMatchObject({ name: 'WrongPassphraseError' })
    const flipped = bytes.slice()
    flipped[90]! ^= 1
    await expect(importIdentity(flipped, 'right')).rejects.toMatchObject({ name: 'WrongPassphraseError' })
    const salted = bytes.slice()
    salted[10]! ^= 1
    await expect(importIdentity(salted, 'right')).rejects.toMatchObject({ name: 'WrongPassphraseError' })
  })

  it('reports damaged files as MalformedError and unknown versions as UnsupportedVersionError', async () => {
    const bytes = await exportIdentity(generateIdentity(), 'pw', FAST)
    const badMagic = bytes.slice()
    badMagic[0] = 0
    const badVersion = bytes.slice()
    badVersion[4] = 2
    const hugeCost = bytes.slice()
    hugeCost[5] = 30
    for (const b of [badMagic, bytes.subarray(0, 95), bytes.subarray(0, 3), new Uint8Array(), hugeCost]) {
      await expect(importIdentity(b, 'pw')).rejects.toMatchObject({ name: 'MalformedError' })
    }
    await expect(importIdentity(badVersion, 'pw')).rejects.toMatchObject({ name: 'UnsupportedVersionError' })
  })

  it('refuses an empty passphrase with ValidationError', async () => {
    const id = generateIdentity()
    await expect(exportIdentity(id, '', FAST)).rejects.toMatchObject({ name: 'ValidationError' })
    await expect(importIdentity(new Uint8Array(96), '')).rejects.toMatchObject({ name: 'ValidationError' })
  })
})
