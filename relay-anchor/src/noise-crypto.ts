/**
 * The anchor's Noise crypto (issue 11): @chainsafe/libp2p-noise's Node crypto, except that each
 * X25519 key becomes a Node KeyObject once, not once per Diffie-Hellman. The stock code parses a
 * DER key into a KeyObject for both sides of every DH (three per handshake), and that parsing was
 * the largest part of a handshake's CPU in the storm bench's profile. Keys are remembered by
 * object in WeakMaps: the handshake passes the same key object to each DH that uses it, and a key
 * nobody holds any more is forgotten with it. The results are the stock code's, bit for bit
 * (noise-crypto.test.ts).
 */
import {
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto'
import type { ICryptoInterface } from '@chainsafe/libp2p-noise'
import { defaultCrypto } from '@chainsafe/libp2p-noise/crypto'

/** DER prefixes of a raw X25519 key: SPKI (public) and PKCS#8 (private), RFC 8410. */
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex')
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex')

/** A key as the handshake passes it (a Uint8Array or noise's own Uint8ArrayList). */
type KeyBytes = Parameters<ICryptoInterface['generateX25519SharedKey']>[0]

const privateKeys = new WeakMap<object, KeyObject>()
const publicKeys = new WeakMap<object, KeyObject>()

/** The KeyObject of `key` from `cache`, made by `make` from its DER form the first time. */
function cached(
  cache: WeakMap<object, KeyObject>,
  key: KeyBytes,
  make: (raw: Uint8Array) => KeyObject,
): KeyObject {
  let object = cache.get(key)
  if (object === undefined) {
    object = make(key instanceof Uint8Array ? key : key.subarray())
    cache.set(key, object)
  }
  return object
}

const privateKeyObject = (key: KeyBytes): KeyObject =>
  cached(privateKeys, key, (raw) =>
    createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' }),
  )

const publicKeyObject = (key: KeyBytes): KeyObject =>
  cached(publicKeys, key, (raw) =>
    createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' }),
  )

/** Noise crypto for the anchor's libp2p node (Node only). */
export const anchorNoiseCrypto: ICryptoInterface = {
  ...defaultCrypto,
  generateX25519KeyPair() {
    const { publicKey, privateKey } = generateKeyPairSync('x25519')
    const pair = {
      publicKey: new Uint8Array(
        publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length),
      ),
      privateKey: new Uint8Array(
        privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length),
      ),
    }
    privateKeys.set(pair.privateKey, privateKey)
    return pair
  },
  generateX25519KeyPairFromSeed(seed) {
    const privateKey = privateKeyObject(seed)
    const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' })
    return { publicKey: new Uint8Array(der.subarray(SPKI_PREFIX.length)), privateKey: seed }
  },
  generateX25519SharedKey(privateKey, publicKey) {
    return diffieHellman({ privateKey: privateKeyObject(privateKey), publicKey: publicKeyObject(publicKey) })
  },
}
