/**
 * The seam for secrets at rest (issue 10): the identity seed is stored only wrapped by a device key
 * the platform keeps outside the database, its log and its snapshots. The worker's adapter is a
 * non-extractable WebCrypto AES-GCM key in IndexedDB (src/worker/device-key.ts); Node tests use
 * `memorySecretWrapper` (./test-support/memory-secret-wrapper.ts).
 */

/** Wraps and unwraps small secrets under a device key that never enters the SQL database. */
export interface SecretWrapper {
  /** Encrypts `secret` under the device key (creating the key on first use); the result may be stored anywhere. */
  wrap(secret: Uint8Array): Promise<Uint8Array>
  /** Decrypts what `wrap` returned. Throws DeviceKeyError if the key is missing or wrong, or the bytes are damaged. */
  unwrap(wrapped: Uint8Array): Promise<Uint8Array>
}
