/**
 * Decrypted text at rest (issue 10): the text of an encrypted post or DM is cached beside it only
 * sealed, as "ls1." ‖ base64url(nonce[24] ‖ XChaCha20-Poly1305(K, text)) with
 * K = BLAKE3.derive_key("distsoc v1 local text", seed). The seed itself is stored only wrapped by
 * the device key (secret-wrapper.ts), so this cache is under the same device key: whoever can
 * unwrap the seed could decrypt every envelope anyway. Chosen over decrypt-on-read because the
 * store and feed queries are synchronous and an X25519 per post per render is not; the cost is
 * that encrypted text is not in `search_text` (search covers public posts).
 */
import {
  concatBytes,
  deriveKey,
  fromBase64Url,
  fromUtf8,
  open,
  randomBytes,
  seal,
  toBase64Url,
  utf8,
} from '../crypto/index.ts'
import type { Identity } from '../model/index.ts'

const CONTEXT = 'distsoc v1 local text'
const PREFIX = 'ls1.'
const keys = new WeakMap<Identity, Uint8Array>()

function keyOf(identity: Identity): Uint8Array {
  let key = keys.get(identity)
  if (key === undefined) {
    key = deriveKey(CONTEXT, identity.seed)
    keys.set(identity, key)
  }
  return key
}

/** Seals decrypted text for storage under the identity's local key; `null` stays `null`. */
export function sealLocalText(identity: Identity, text: string | null): string | null {
  if (text === null) return null
  const nonce = randomBytes(24)
  return PREFIX + toBase64Url(concatBytes(nonce, seal(keyOf(identity), nonce, utf8(text))))
}

/** Opens what `sealLocalText` stored; anything else (another key, damage, not sealed) is `null`: unreadable here. */
export function openLocalText(identity: Identity, stored: string | null): string | null {
  if (stored === null || !stored.startsWith(PREFIX)) return null
  try {
    const bytes = fromBase64Url(stored.slice(PREFIX.length))
    return fromUtf8(open(keyOf(identity), bytes.subarray(0, 24), bytes.subarray(24)))
  } catch {
    return null
  }
}
