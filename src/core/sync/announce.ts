/**
 * Push for the online case (DESIGN §5): a signed announcement of a new post on the gossipsub topic
 * `distsoc/announce/1` — author, post id, created_at, never recipients. Signature: Ed25519 by the
 * author over `"distsoc/announce/v1" ‖ canonical CBOR of {author, id, created_at}`. Peers that want
 * the author pull the post at once with a sync session.
 */
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { decode, encode, rfc8949EncodeOptions } from 'cborg'
import { FutureTimestampError, InvalidSignatureError, MalformedError, TooLargeError } from '../errors.ts'
import { STRICT_DECODE_OPTIONS } from '../model/canonical.ts'
import { LIMITS, type Millis, type NodeId, type PostId } from '../model/types.ts'
import { nodeIdToKey } from './node-id-key.ts'

/** The gossipsub topic. */
export const ANNOUNCE_TOPIC = 'distsoc/announce/1'
/** Domain prefix of the signed message. */
export const ANNOUNCE_DOMAIN = 'distsoc/announce/v1'
/** Largest accepted announcement message. */
export const ANNOUNCE_MAX_BYTES = 512

/** What an announcement says. */
export interface AnnounceRecord {
  author: NodeId
  id: PostId
  created_at: Millis
}

/** An announcement with the author's signature. */
export interface SignedAnnouncement extends AnnounceRecord {
  signature: Uint8Array
}

/** Checks an Ed25519 signature by `nodeId`'s key (injected: WebCrypto or noble, from crypto/model). */
export type VerifySignature = (nodeId: NodeId, message: Uint8Array, signature: Uint8Array) => Promise<boolean>

const canonical = { ...rfc8949EncodeOptions }

/** The bytes the author signs. */
export function announceMessage(record: AnnounceRecord): Uint8Array {
  const body = encode({ author: record.author, id: record.id, created_at: record.created_at }, canonical)
  return concatBytes(utf8ToBytes(ANNOUNCE_DOMAIN), body)
}

/** Signs an announcement with the author's signing function. */
export async function signAnnouncement(
  record: AnnounceRecord,
  sign: (message: Uint8Array) => Promise<Uint8Array>,
): Promise<SignedAnnouncement> {
  return { ...record, signature: await sign(announceMessage(record)) }
}

/** The gossip message bytes. */
export function encodeAnnouncement(signed: SignedAnnouncement): Uint8Array {
  const { author, id, created_at, signature } = signed
  return encode({ author, id, created_at, signature }, canonical)
}

/**
 * Parses and verifies a gossip message. Throws TooLargeError, MalformedError, InvalidNodeIdError,
 * FutureTimestampError or InvalidSignatureError; never anything else.
 */
export async function decodeAnnouncement(
  bytes: Uint8Array,
  verifySignature: VerifySignature,
  now: Millis,
): Promise<SignedAnnouncement> {
  if (bytes.length > ANNOUNCE_MAX_BYTES) throw new TooLargeError('announcement too large')
  let value: unknown
  try {
    value = decode(bytes, STRICT_DECODE_OPTIONS)
  } catch {
    throw new MalformedError('announcement is not strict CBOR')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
    throw new MalformedError('announcement must be a map')
  }
  const v = value as Record<string, unknown>
  const keys = Object.keys(v).sort().join(',')
  if (keys !== 'author,created_at,id,signature') throw new MalformedError('announcement keys')
  const { author, id, created_at, signature } = v
  if (typeof author !== 'string') throw new MalformedError('author must be a string')
  nodeIdToKey(author)
  if (typeof id !== 'string' || !/^[0-9a-f]{64}$/.test(id))
    throw new MalformedError('id must be 64 hex chars')
  if (typeof created_at !== 'number' || !Number.isSafeInteger(created_at) || created_at < 0) {
    throw new MalformedError('created_at must be a non-negative integer')
  }
  if (created_at > now + LIMITS.futureSkewMs) throw new FutureTimestampError('announcement from the future')
  if (!(signature instanceof Uint8Array) || signature.length !== 64)
    throw new MalformedError('signature must be 64 bytes')
  const record: AnnounceRecord = { author: author as NodeId, id: id as PostId, created_at }
  let ok = false
  try {
    ok = await verifySignature(record.author, announceMessage(record), signature)
  } catch {
    ok = false
  }
  if (!ok) throw new InvalidSignatureError('announcement signature does not verify')
  return { ...record, signature }
}
