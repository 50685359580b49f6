import { describe, expect, it } from 'vitest'
import { open, seal } from './aead.ts'
import { concatBytes, fromHex, fromUtf8, toHex } from './bytes.ts'
import vectors from './vectors/xchacha20poly1305.json' with { type: 'json' }

describe('XChaCha20-Poly1305', () => {
  const v = vectors.cases[0]!
  const key = fromHex(v.key)
  const nonce = fromHex(v.nonce)
  const aad = fromHex(v.aad)
  const sealed = concatBytes(fromHex(v.ciphertext), fromHex(v.tag))

  it('reproduces draft-irtf-cfrg-xchacha §A.3.1', () => {
    expect(fromUtf8(fromHex(v.plaintext))).toMatch(/^Ladies and Gentlemen of the class of '99/)
    expect(toHex(seal(key, nonce, fromHex(v.plaintext), aad))).toBe(toHex(sealed))
    expect(toHex(open(key, nonce, sealed, aad))).toBe(v.plaintext)
  })

  it('throws DecryptionError for a tampered byte, wrong AAD, wrong key or truncation', () => {
    const tampered = sealed.slice()
    tampered[5]! ^= 0x80
    const wrongKey = key.slice()
    wrongKey[0]! ^= 1
    for (const attempt of [
      () => open(key, nonce, tampered, aad),
      () => open(key, nonce, sealed, fromHex('50515253')),
      () => open(wrongKey, nonce, sealed, aad),
      () => open(key, nonce, sealed.subarray(0, 10), aad),
      () => open(key, nonce, sealed.subarray(0, sealed.length - 1), aad),
    ]) {
      expect(attempt).toThrow(expect.objectContaining({ name: 'DecryptionError' }))
    }
  })

  it('rejects keys and nonces of the wrong size with ValidationError', () => {
    expect(() => seal(key.subarray(1), nonce, new Uint8Array())).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
    expect(() => seal(key, nonce.subarray(1), new Uint8Array())).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    )
  })
})
