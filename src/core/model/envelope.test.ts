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
import { generateIdentity, type Identity } from './identity.ts'
import { ALICE, BOB, CAROL, MALLORY } from './test-support/fixtures.ts'
import { LIMITS, type NodeId } from './types.ts'

const POOL: Identity[] = Array.from({ length: 8 }, () => generateIdentity())

describe('envelope encryption', () => {
  it('lets every recipient, and only them, read the text and attachments', async () => {
    const photo = new Uint8Array([1, 2, 3, 4, 5])
    const enc = await encryptForRecipients({
      plaintext: 'for friends 🎉',
      attachments: [photo],
      recipients: [ALICE.nodeId, BOB.nodeId],
    })
    expect(enc.visibility.recipients.map((r) => r.wrapped.length)).toEqual([
      WRAPPED_KEY_BYTES,
      WRAPPED_KEY_BYTES,
    ])
    for (const who of [ALICE, BOB]) {
      const cek = await openContentKey(who, enc.visibility)
      expect(toHex(cek)).toBe(toHex(enc.cek))
      expect(decryptContent(cek, enc.content)).toBe('for friends 🎉')
      expect([...decryptAttachment(cek, enc.attachments[0]!)]).toEqual([1, 2, 3, 4, 5])
    }
    await expect(openContentKey(CAROL, enc.visibility)).rejects.toMatchObject({ name: 'NotARecipientError' })
  })

  it('starts every ciphertext with version byte 0x01 and uses a fresh nonce for each', async () => {
    const enc = await encryptForRecipients({
      plaintext: 'same',
      attachments: [new Uint8Array(10), new Uint8Array(10)],
      recipients: [BOB.nodeId],
    })
    const content = fromBase64Url(enc.content)
    expect(content[0]).toBe(1)
    const nonces = [content, ...enc.attachments].map((c) => toHex(c.subarray(1, 25)))
    expect(new Set(nonces).size).toBe(3)
    expect(enc.attachments.every((a) => a[0] === 1)).toBe(true)
  })

  it('deduplicates recipients and refuses none or more than 500', async () => {
    const enc = await encryptForRecipients({
      plaintext: 'x',
      attachments: [],
      recipients: [BOB.nodeId, BOB.nodeId],
    })
    expect(enc.visibility.recipients).toHaveLength(1)
    await expect(
      encryptForRecipients({ plaintext: 'x', attachments: [], recipients: [] }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    })
    const many = Array.from({ length: LIMITS.recipients + 1 }, () => generateIdentity().nodeId)
    await expect(
      encryptForRecipients({ plaintext: 'x', attachments: [], recipients: many }),
    ).rejects.toMatchObject({
      name: 'TooManyRecipientsError',
    })
  })

  it('refuses a recipient that is not a NodeId', async () => {
    await expect(
      encryptForRecipients({ plaintext: 'x', attachments: [], recipients: ['bob' as NodeId] }),
    ).rejects.toMatchObject({ name: 'InvalidNodeIdError' })
  })

  it('re-wraps the same key for a smaller audience, locking out the removed member', async () => {
    const enc = await encryptForRecipients({
      plaintext: 'x',
      attachments: [],
      recipients: [ALICE.nodeId, BOB.nodeId],
    })
    const narrowed = await rewrapForRecipients(enc.cek, [ALICE.nodeId])
    expect(toHex(narrowed.ephemeral_pub)).not.toBe(toHex(enc.visibility.ephemeral_pub))
    expect(toHex(await openContentKey(ALICE, narrowed))).toBe(toHex(enc.cek))
    await expect(openContentKey(BOB, narrowed)).rejects.toMatchObject({ name: 'NotARecipientError' })
  })

  it('fails with DecryptionError on a tampered wrapped key, content or attachment', async () => {
    const enc = await encryptForRecipients({
      plaintext: 'secret',
      attachments: [new Uint8Array(8)],
      recipients: [BOB.nodeId],
    })
    const wrapped = enc.visibility.recipients[0]!.wrapped.slice()
    wrapped[40]! ^= 1
    const vis = { ...enc.visibility, recipients: [{ recipient: BOB.nodeId, wrapped }] }
    await expect(openContentKey(BOB, vis)).rejects.toMatchObject({ name: 'DecryptionError' })
    const content = fromBase64Url(enc.content)
    content[30]! ^= 1
    expect(() => decryptContent(enc.cek, toBase64Url(content))).toThrow(
      expect.objectContaining({ name: 'DecryptionError' }),
    )
    const blob = enc.attachments[0]!.slice()
    blob[blob.length - 1]! ^= 1
    expect(() => decryptAttachment(enc.cek, blob)).toThrow(
      expect.objectContaining({ name: 'DecryptionError' }),
    )
  })

  it('tells an unknown version byte apart from damage', async () => {
    const enc = await encryptForRecipients({ plaintext: 'x', attachments: [], recipients: [BOB.nodeId] })
    const content = fromBase64Url(enc.content)
    content[0] = 2
    expect(() => decryptContent(enc.cek, toBase64Url(content))).toThrow(
      expect.objectContaining({ name: 'UnsupportedVersionError' }),
    )
    expect(() => decryptContent(enc.cek, '***')).toThrow(expect.objectContaining({ name: 'MalformedError' }))
  })

  it('rejects a forged all-zero ephemeral key with LowOrderKeyError', async () => {
    const enc = await encryptForRecipients({ plaintext: 'x', attachments: [], recipients: [BOB.nodeId] })
    await expect(
      openContentKey(BOB, { ...enc.visibility, ephemeral_pub: new Uint8Array(32) }),
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
            plaintext: text,
            attachments: [blob],
            recipients: audience.map((a) => a.nodeId),
          })
          for (const member of audience) {
            const cek = await openContentKey(member, enc.visibility)
            expect(decryptContent(cek, enc.content)).toBe(text)
            expect(toHex(decryptAttachment(cek, enc.attachments[0]!))).toBe(toHex(blob))
          }
          for (const outsider of [...POOL.filter((p) => !audience.includes(p)), MALLORY]) {
            await expect(openContentKey(outsider, enc.visibility)).rejects.toMatchObject({
              name: 'NotARecipientError',
            })
            // Even if the outsider lies about who they are, their key does not unwrap a member's copy.
            const stolen = {
              ...enc.visibility,
              recipients: [{ ...enc.visibility.recipients[0]!, recipient: outsider.nodeId }],
            }
            await expect(openContentKey(outsider, stolen)).rejects.toMatchObject({ name: 'DecryptionError' })
          }
        },
      ),
      { numRuns: 25 },
    )
  })
})
