/** Deterministic identities, randomness and a post builder shared by the model tests and vector generator. */
import { blake3, concatBytes, fromHex, type RandomSource, u64be, utf8 } from '../../crypto/index.ts'
import { type Identity, identityFromSeed } from '../identity.ts'

/** A reproducible RandomSource: BLAKE3-XOF of a label and a counter. Never use outside tests. */
export function deterministicRandom(label: string): RandomSource {
  let counter = 0
  return (n) => blake3(concatBytes(utf8(label), u64be(counter++)), n)
}

/** Fixed identities: RFC 8032 test seeds, so the NodeIds are stable everywhere. */
export const ALICE: Identity = identityFromSeed(
  fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'),
)
export const BOB: Identity = identityFromSeed(
  fromHex('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb'),
)
export const CAROL: Identity = identityFromSeed(
  fromHex('c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7'),
)
export const MALLORY: Identity = identityFromSeed(new Uint8Array(32).fill(7))

/** A fixed clock reading used by the vectors: 2025-01-01T00:00:00Z. */
export const NOW = 1_735_689_600_000
