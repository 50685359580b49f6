/**
 * Shared pieces of the protocol vector builders (docs/protocol/README.md "Vectors"): the fixed
 * identities and clock of the model vectors, hex helpers and an Ed25519 verifier by NodeId.
 */
import { encode } from 'cborg'
import { fromHex, sign, toHex, verify } from '../../../src/core/crypto/index.ts'
import type { Identity } from '../../../src/core/model/identity.ts'
import { publicKeyFromNodeId } from '../../../src/core/model/node-id.ts'
import type { NodeId } from '../../../src/core/model/types.ts'

export { ALICE, BOB, CAROL, MALLORY, NOW } from '../../../src/core/model/test-support/fixtures.ts'

/** Lowercase hex of bytes. */
export const hex = (bytes: Uint8Array): string => toHex(bytes)
/** Bytes of lowercase hex. */
export const unhex = (s: string): Uint8Array => fromHex(s)

/** Plain (non-canonical-checked) CBOR, for hand-built invalid inputs. */
export const cbor = (value: unknown): Uint8Array => encode(value)

/** An unsigned varint as used by every length prefix. */
export function varint(n: number): Uint8Array {
  const out: number[] = []
  let v = n
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80)
    v >>>= 7
  }
  out.push(v)
  return Uint8Array.from(out)
}

/** `varint(length) ‖ body`: one frame around arbitrary bytes. */
export function frameOf(body: Uint8Array): Uint8Array {
  const prefix = varint(body.length)
  const out = new Uint8Array(prefix.length + body.length)
  out.set(prefix)
  out.set(body, prefix.length)
  return out
}

/** A signing function for `identity` (Ed25519 over the given message). */
export const signerOf =
  (identity: Identity) =>
  (message: Uint8Array): Promise<Uint8Array> =>
    sign(identity.seed, message)

/** Verifies an Ed25519 signature by the key inside `nodeId`. */
export function verifyByNodeId(nodeId: NodeId, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  return verify(publicKeyFromNodeId(nodeId), message, signature)
}

/** Seed hex of a fixture identity (the vectors name authors by seed). */
export const seedHex = (identity: Identity): string => toHex(identity.seed)
