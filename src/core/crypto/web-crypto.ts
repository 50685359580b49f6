/**
 * The slice of WebCrypto that core uses, typed locally because core compiles without DOM types
 * (docs/design.md §2). Present in browsers, workers and Node ≥ 20 as `globalThis.crypto`.
 */

/** An opaque WebCrypto key handle. */
export type WebCryptoKey = object

/** The SubtleCrypto methods used by the Ed25519 / X25519 fast paths. */
export interface SubtleLike {
  importKey(
    format: 'raw' | 'pkcs8',
    keyData: Uint8Array,
    algorithm: { name: string },
    extractable: boolean,
    usages: string[],
  ): Promise<WebCryptoKey>
  sign(algorithm: { name: string }, key: WebCryptoKey, data: Uint8Array): Promise<ArrayBuffer>
  verify(
    algorithm: { name: string },
    key: WebCryptoKey,
    signature: Uint8Array,
    data: Uint8Array,
  ): Promise<boolean>
  generateKey(
    algorithm: { name: string },
    extractable: boolean,
    usages: string[],
  ): Promise<{ publicKey: WebCryptoKey; privateKey: WebCryptoKey }>
  exportKey(format: 'raw', key: WebCryptoKey): Promise<ArrayBuffer>
  /** A key as JWK; of an Ed25519 private key, `x` is its public key (base64url). */
  exportKey(format: 'jwk', key: WebCryptoKey): Promise<{ x?: string }>
  deriveBits(
    algorithm: { name: string; public: WebCryptoKey },
    key: WebCryptoKey,
    length: number,
  ): Promise<ArrayBuffer>
}

/** The global `crypto` object as far as core needs it. */
export interface CryptoLike {
  getRandomValues<T extends Uint8Array>(array: T): T
  subtle?: SubtleLike
}

/** The global WebCrypto object, or undefined where there is none. */
export function webCrypto(): CryptoLike | undefined {
  return (globalThis as { crypto?: CryptoLike }).crypto
}
