import { ed25519 } from '@noble/curves/ed25519.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromBase64Url, toBase64Url, toHex } from '../crypto/index.ts'
import {
  decryptAttachment,
  decryptContent,
  encryptForRecipients,
  openContentKey,
  rewrapForRecipients,
} from './envelope.ts'
import { WRAPPED_KEY_BYTES } from './envelope-format.ts'
import { paddedRecipientCount, realRecipients } from './envelope-padding.ts'
import { generateIdentity, type Identity } from './identity.ts'
import { publicKeyFromNodeId, x25519PublicFromNodeId } from './node-id.ts'
import { ALICE, BOB, CAROL, MALLORY, NOW } from './test-support/fixtures.ts'
import { LIMITS, type NodeId } from './types.ts'

/** The post every envelope here belongs to. */
const AT = { author: ALICE.nodeId, created_at: NOW }
const POOL: Identity[] = Array.from({ length: 8 }, () => generateIdentity())

describe('envelope encryption', () => {
  it('lets every recipient, and only them, read the text and attachments', async () => {
    const photo = new Uint8Array([1, 2, 3, 4, 5])
    const enc = await encryptForRecipients({
      ...AT,
      plaintext: 'for friends 🎉',
      attachments: [photo],
      recipients: [ALICE.nodeId, BOB.nodeId],
    })
    expect(enc.visibility.recipients.map((r) => r.wrapped.length)).toEqual([
      WRAPPED_KEY_BYTES,
      WRAPPED_KEY_BYTES,
    ])
    for (const who of [ALICE, BOB]) {
      const cek = await openContentKey(who, AT, enc.visibility)
      expect(toHex(cek)).toBe(toHex(enc.cek))
      expect(decryptContent(cek, enc.content, AT)).toBe('for friends 🎉')
      expect([...decryptAttachment(cek, enc.attachments[0]!, AT)]).toEqual([1, 2, 3, 4, 5])
    }
    await expect(openContentKey(CAROL, AT, enc.visibility)).rejects.toMatchObject({
      name: 'NotARecipientError',
    })
  })

  it('starts every ciphertext with version byte 0x02 and uses a fresh nonce for each', async () => {
    const enc = await encryptForRecipients({
      ...AT,
      plaintext: 'same',
      attachments: [new Uint8Array(10), new Uint8Array(10)],
      recipients: [BOB.nodeId],
    })
    const content = fromBase64Url(enc.content)
    expect(content[0]).toBe(2)
    const nonces = [content, ...enc.attachments].map((c) => toHex(c.subarray(1, 25)))
    expect(new Set(nonces).size).toBe(3)
    expect(enc.attachments.every((a) => a[0] === 2)).toBe(true)
  })

  it('deduplicates recipients and refuses none or more than 500', async () => {
    const enc = await encryptForRecipients({
      ...AT,
      plaintext: 'x',
      attachments: [],
      recipients: [BOB.nodeId, BOB.nodeId],
    })
    expect(enc.visibility.recipients).toHaveLength(1)
    await expect(
      encryptForRecipients({ ...AT, plaintext: 'x', attachments: [], recipients: [] }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    })
    const many = Array.from({ length: LIMITS.recipients + 1 }, () => generateIdentity().nodeId)
    await expect(
      encryptForRecipients({ ...AT, plaintext: 'x', attachments: [], recipients: many }),
    ).rejects.toMatchObject({
      name: 'TooManyRecipientsError',
    })
  })

  it('refuses a recipient that is not a NodeId', async () => {
    await expect(
      encryptForRecipients({ ...AT, plaintext: 'x', attachments: [], recipients: ['bob' as NodeId] }),
    ).rejects.toMatchObject({ name: 'InvalidNodeIdError' })
  })

  it('re-wraps the same key for a smaller audience, locking out the removed member', async () => {
    const enc = await encryptForRecipients({
      ...AT,
      plaintext: 'x',
      attachments: [],
      recipients: [ALICE.nodeId, BOB.nodeId],
    })
    const narrowed = await rewrapForRecipients(enc.cek, [ALICE.nodeId], AT)
    expect(toHex(narrowed.ephemeral_pub)).not.toBe(toHex(enc.visibility.ephemeral_pub))
    expect(toHex(await openContentKey(ALICE, AT, narrowed))).toBe(toHex(enc.cek))
    await expect(openContentKey(BOB, AT, narrowed)).rejects.toMatchObject({ name: 'NotARecipientError' })
  })

  it('fails with DecryptionError on a tampered wrapped key, content or attachment', async () => {
    const enc = await encryptForRecipients({
      ...AT,
      plaintext: 'secret',
      attachments: [new Uint8Array(8)],
      recipients: [BOB.nodeId],
    })
    const wrapped = enc.visibility.recipients[0]!.wrapped.slice()
    wrapped[40]! ^= 1
    const vis = { ...enc.visibility, recipients: [{ recipient: BOB.nodeId, wrapped }] }
    await expect(openContentKey(BOB, AT, vis)).rejects.toMatchObject({ name: 'DecryptionError' })
    const content = fromBase64Url(enc.content)
    content[30]! ^= 1
    expect(() => decryptContent(enc.cek, toBase64Url(content), AT)).toThrow(
      expect.objectContaining({ name: 'DecryptionError' }),
    )
    const blob = enc.attachments[0]!.slice()
    blob[blob.length - 1]! ^= 1
    expect(() => decryptAttachment(enc.cek, blob, AT)).toThrow(
      expect.objectContaining({ name: 'DecryptionError' }),
    )
  })

  it('tells an unknown or v1 version byte apart from damage', async () => {
    const enc = await encryptForRecipients({
      ...AT,
      plaintext: 'x',
      attachments: [],
      recipients: [BOB.nodeId],
    })
    const content = fromBase64Url(enc.content)
    content[0] = 1
    expect(() => decryptContent(enc.cek, toBase64Url(content), AT)).toThrow(
      expect.objectContaining({ name: 'UnsupportedVersionError' }),
    )
    expect(() => decryptContent(enc.cek, '***', AT)).toThrow(
      expect.objectContaining({ name: 'MalformedError' }),
    )
  })

  it('rejects a forged all-zero ephemeral key with LowOrderKeyError', async () => {
    const enc = await encryptForRecipients({
      ...AT,
      plaintext: 'x',
      attachments: [],
      recipients: [BOB.nodeId],
    })
    await expect(
      openContentKey(BOB, AT, { ...enc.visibility, ephemeral_pub: new Uint8Array(32) }),
    ).rejects.toMatchObject({
      name: 'LowOrderKeyError',
    })
  })

  it('round-trips for random audiences and texts, and a non-recipient never gets the key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(POOL, { minLength: 1 }),
        fc.string({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 2000 }),
        async (audience, text, blob) => {
          const enc = await encryptForRecipients({
            ...AT,
            plaintext: text,
            attachments: [blob],
            recipients: audience.map((a) => a.nodeId),
          })
          for (const member of audience) {
            const cek = await openContentKey(member, AT, enc.visibility)
            expect(decryptContent(cek, enc.content, AT)).toBe(text)
            expect(toHex(decryptAttachment(cek, enc.attachments[0]!, AT))).toBe(toHex(blob))
          }
          for (const outsider of [...POOL.filter((p) => !audience.includes(p)), MALLORY]) {
            await expect(openContentKey(outsider, AT, enc.visibility)).rejects.toMatchObject({
              name: 'NotARecipientError',
            })
            // Even if the outsider lies about who they are, their key does not unwrap a member's copy.
            const stolen = {
              ...enc.visibility,
              recipients: [{ ...enc.visibility.recipients[0]!, recipient: outsider.nodeId }],
            }
            await expect(openContentKey(outsider, AT, stolen)).rejects.toMatchObject({
              name: 'DecryptionError',
            })
          }
        },
      ),
      { numRuns: 25 },
    )
  })

  it('binds the envelope to its author and time: another author or created_at opens nothing', async () => {
    const enc = await encryptForRecipients({
      ...AT,
      plaintext: 'from Alice',
      attachments: [new Uint8Array(4)],
      recipients: [ALICE.nodeId, BOB.nodeId],
    })
    const cek = await openContentKey(BOB, AT, enc.visibility)
    for (const other of [
      { author: MALLORY.nodeId, created_at: NOW },
      { author: ALICE.nodeId, created_at: NOW + 1 },
    ]) {
      await expect(openContentKey(BOB, other, enc.visibility)).rejects.toMatchObject({
        name: 'DecryptionError',
      })
      expect(() => decryptContent(cek, enc.content, other)).toThrow(
        expect.objectContaining({ name: 'DecryptionError' }),
      )
      expect(() => decryptAttachment(cek, enc.attachments[0]!, other)).toThrow(
        expect.objectContaining({ name: 'DecryptionError' }),
      )
    }
  })

  it('pads the recipient list to its bucket with valid NodeIds only a CEK holder can tell apart', async () => {
    expect([1, 2, 8, 9, 16, 17, 300, 500].map(paddedRecipientCount)).toEqual([8, 8, 8, 16, 16, 32, 500, 500])
    const enc = await encryptForRecipients(
      { ...AT, plaintext: 'friends', attachments: [], recipients: [ALICE.nodeId, BOB.nodeId, CAROL.nodeId] },
      { pad: true },
    )
    const entries = enc.visibility.recipients
    expect(entries).toHaveLength(8)
    expect(new Set(entries.map((e) => e.recipient)).size).toBe(8)
    for (const e of entries) {
      expect(e.wrapped.length).toBe(WRAPPED_KEY_BYTES)
      expect(e.wrapped[0]).toBe(2)
      expect(x25519PublicFromNodeId(e.recipient)).toHaveLength(32)
    }
    expect(realRecipients(enc.cek, enc.visibility)).toEqual([ALICE.nodeId, BOB.nodeId, CAROL.nodeId])
    expect(realRecipients(new Uint8Array(32), enc.visibility)).toHaveLength(8)
    const cek = await openContentKey(CAROL, AT, enc.visibility)
    expect(decryptContent(cek, enc.content, AT)).toBe('friends')
    const padded = await rewrapForRecipients(
      enc.cek,
      Array.from({ length: 9 }, (_, i) => POOL[i % 8]!.nodeId).concat(ALICE.nodeId),
      AT,
      { pad: true },
    )
    expect(padded.recipients).toHaveLength(16)
    expect(realRecipients(enc.cek, padded)).toHaveLength(9)
  })

  it('keeps the padding of the same CEK on a re-wrap, topping up with fresh keys on the curve', async () => {
    const members = POOL.slice(0, 6).map((p) => p.nodeId)
    const enc = await encryptForRecipients(
      { ...AT, plaintext: 'circle', attachments: [], recipients: [ALICE.nodeId, ...members] },
      { pad: true },
    )
    const padding = enc.visibility.recipients.filter(
      (e) => !realRecipients(enc.cek, enc.visibility).includes(e.recipient),
    )
    expect(padding).toHaveLength(1)
    const rewrapped = await rewrapForRecipients(enc.cek, [ALICE.nodeId, ...members.slice(1)], AT, {
      pad: true,
      keepPadding: padding,
    })
    expect(rewrapped.recipients).toHaveLength(8)
    expect(realRecipients(enc.cek, rewrapped)).toEqual([ALICE.nodeId, ...members.slice(1)])
    expect(rewrapped.recipients).toContainEqual(padding[0])
    const fresh = rewrapped.recipients.filter(
      (e) =>
        e.recipient !== padding[0]!.recipient &&
        !members.includes(e.recipient) &&
        e.recipient !== ALICE.nodeId,
    )
    expect(fresh).toHaveLength(1)
    const point = ed25519.Point.fromBytes(publicKeyFromNodeId(fresh[0]!.recipient))
    expect(point.isTorsionFree() && !point.isSmallOrder()).toBe(true)
    const cek = await openContentKey(BOB, AT, rewrapped).catch((e: Error) => e.name)
    expect(cek).toBe('NotARecipientError')
    expect(toHex(await openContentKey(POOL[1]!, AT, rewrapped))).toBe(toHex(enc.cek))
  })
})
