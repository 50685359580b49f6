/** BLAKE3 (noble) for content addressing and key derivation (docs/design.md §4). */
import { blake3 as nobleBlake3 } from '@noble/hashes/blake3.js'
import { utf8 } from './bytes.ts'

/** BLAKE3 of `data`; 32 bytes unless `dkLen` asks for more (XOF). */
export function blake3(data: Uint8Array, dkLen = 32): Uint8Array {
  return nobleBlake3(data, { dkLen })
}

/** BLAKE3 keyed hash (MAC) with a 32-byte key. */
export function blake3Keyed(key: Uint8Array, data: Uint8Array, dkLen = 32): Uint8Array {
  return nobleBlake3(data, { key, dkLen })
}

/**
 * BLAKE3 derive_key mode: a 32-byte key (or `dkLen`) from key material under a context string that
 * names the application and purpose, e.g. `deriveKey("distsoc v1 wrap", dh ‖ epk ‖ rpk)`.
 */
export function deriveKey(context: string, material: Uint8Array, dkLen = 32): Uint8Array {
  return nobleBlake3(material, { context: utf8(context), dkLen })
}
