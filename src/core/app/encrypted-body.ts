/**
 * What an encrypted post's plaintext holds: the text and whether it is a direct message, so a
 * recipient can tell a DM from a circle post of two (the envelope hides everything else).
 * Format: `"dm\n" + text` or `"post\n" + text`. Plaintext without a known header is shown as text
 * of kind "post" (forward compatible, never throws).
 */

/** The readable part of an encrypted post. */
export interface EncryptedBody {
  kind: 'dm' | 'post'
  text: string
}

/** Characters the header adds to the text, at most (the envelope allows for it). */
export const BODY_OVERHEAD_CHARS = 5

/** Encodes a body for `encryptForRecipients`. */
export function encodeBody(body: EncryptedBody): string {
  return `${body.kind}\n${body.text}`
}

/** Decodes a decrypted plaintext; anything unexpected becomes a plain post. */
export function decodeBody(plaintext: string): EncryptedBody {
  if (plaintext.startsWith('dm\n')) return { kind: 'dm', text: plaintext.slice(3) }
  if (plaintext.startsWith('post\n')) return { kind: 'post', text: plaintext.slice(5) }
  return { kind: 'post', text: plaintext }
}
