/** A user's identity: an Ed25519 seed whose public key is both the libp2p peer key and the NodeId (docs/design.md §3). */
import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import type { Ed25519PrivateKey } from '@libp2p/interface'
import {
  concatBytes,
  ed25519PublicKey,
  ed25519PublicKeyFast,
  edwardsToMontgomerySecret,
  type RandomSource,
  randomBytes,
} from '../crypto/index.ts'
import { ValidationError } from '../errors.ts'
import { nodeIdFromPublicKey } from './node-id.ts'
import type { NodeId } from './types.ts'

/** The private identity. Lives only in the worker; leaves it only passphrase-encrypted (identity-export.ts). */
export interface Identity {
  /** 32-byte Ed25519 secret seed (RFC 8032 private key). */
  seed: Uint8Array
  /** 32-byte Ed25519 public key. */
  publicKey: Uint8Array
  nodeId: NodeId
}

/** The identity of a 32-byte Ed25519 seed. Throws ValidationError on a seed of the wrong size. */
export function identityFromSeed(seed: Uint8Array): Identity {
  checkIdentitySeed(seed)
  return identityOf(seed, ed25519PublicKey(seed))
}

/**
 * `identityFromSeed` with the public key from WebCrypto where it can (ed25519PublicKeyFast): the
 * stored identity's load on the path to the first feed page (issue 12). Same result, same errors.
 */
export async function identityFromSeedFast(seed: Uint8Array): Promise<Identity> {
  checkIdentitySeed(seed)
  return identityOf(seed, await ed25519PublicKeyFast(seed))
}

function checkIdentitySeed(seed: Uint8Array): void {
  if (!(seed instanceof Uint8Array) || seed.length !== 32)
    throw new ValidationError('identity seed must be 32 bytes')
}

function identityOf(seed: Uint8Array, publicKey: Uint8Array): Identity {
  return { seed: seed.slice(), publicKey, nodeId: nodeIdFromPublicKey(publicKey) }
}

/** A fresh random identity. */
export function generateIdentity(random: RandomSource = randomBytes): Identity {
  return identityFromSeed(random(32))
}

/** The identity's X25519 secret, used only to open keys wrapped for it (docs/design.md §3). */
export function x25519SecretOf(identity: Identity): Uint8Array {
  return edwardsToMontgomerySecret(identity.seed)
}

/** The same key as a @libp2p/crypto Ed25519 private key, so the libp2p PeerId equals the NodeId. */
export function libp2pPrivateKey(identity: Identity): Ed25519PrivateKey {
  const key = privateKeyFromRaw(concatBytes(identity.seed, identity.publicKey))
  if (key.type !== 'Ed25519') throw new ValidationError('unexpected libp2p key type')
  return key
}
