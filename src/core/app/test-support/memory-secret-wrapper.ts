/** An in-memory SecretWrapper for Node tests: a random key per instance, XChaCha20-Poly1305 (noble). */
import { concatBytes, open, randomBytes, seal, utf8 } from '../../crypto/index.ts'
import { DeviceKeyError } from '../../errors.ts'
import type { SecretWrapper } from '../secret-wrapper.ts'

const AAD = utf8('distsoc device key v1')

/** A wrapper whose device key lives as long as the object; pass `key` to share one across restarts. */
export function memorySecretWrapper(key: Uint8Array = randomBytes(32)): SecretWrapper {
  return {
    async wrap(secret) {
      const nonce = randomBytes(24)
      return concatBytes(nonce, seal(key, nonce, secret, AAD))
    },
    async unwrap(wrapped) {
      if (!(wrapped instanceof Uint8Array) || wrapped.length < 24 + 16)
        throw new DeviceKeyError('wrapped secret is truncated')
      try {
        return open(key, wrapped.subarray(0, 24), wrapped.subarray(24), AAD)
      } catch {
        throw new DeviceKeyError('the device key does not open the wrapped secret')
      }
    },
  }
}
