/**
 * Push for the online case (docs/design.md §5; spec: docs/protocol/announce.md): a signed announcement —
 * author, id, created_at, never recipients. Signature: Ed25519 by the author over
 * `domain ‖ canonical CBOR of {author, id, created_at}`. The domain tells the two channels apart:
 * `"distsoc/announce/v1"` for the public gossipsub topic `distsoc/announce/1` (public posts, their
 * deletes, profiles), `"distsoc/notice/v1"` for the direct notice of private activity (encrypted
 * posts, DMs and their deletes), so a notice handed to a recipient can never be replayed on the
 * public topic. Peers that want the author pull at once with a sync session.
 */
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { decode, encode, rfc8949EncodeOptions } from 'cborg'
import { FutureTimestampError, InvalidSignatureError, MalformedError, TooLargeError } from '../errors.ts'
import { LIMITS, type Millis, type NodeId, type PostId, STRICT_DECODE_OPTIONS } from '../model/index.ts'
import { nodeIdToKey } from './node-id-key.ts'

/** The gossipsub topic. */
export const ANNOUNCE_TOPIC = 'distsoc/announce/1'
/** Domain prefix of the signed message on the public topic. */
export const ANNOUNCE_DOMAIN = 'distsoc/announce/v1'
/** Domain prefix of a direct notice of private activity (never valid on the topic). */
export const NOTICE_DOMAIN = 'distsoc/notice/v1'
/** Which channel a signed announcement is for: the public topic or a direct notice. */
export type AnnounceChannel = 'topic' | 'notice'

function domainOf(channel: AnnounceChannel): string {
  return channel === 'topic' ? ANNOUNCE_DOMAIN : NOTICE_DOMAIN
}
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

/** The bytes the author signs for `channel` (default the public topic). */
export function announceMessage(record: AnnounceRecord, channel: AnnounceChannel = 'topic'): Uint8Array {
  const body = encode({ author: record.author, id: record.id, created_at: record.created_at }, canonical)
  return concatBytes(utf8ToBytes(domainOf(channel)), body)
}

/** Signs an announcement for `channel` (default the public topic) with the author's signing function. */
export async function signAnnouncement(
  record: AnnounceRecord,
  sign: (message: Uint8Array) => Promise<Uint8Array>,
  channel: AnnounceChannel = 'topic',
): Promise<SignedAnnouncement> {
  return { ...record, signature: await sign(announceMessage(record, channel)) }
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
  channel: AnnounceChannel = 'topic',
): Promise<SignedAnnouncement> {
  if (bytes.length > ANNOUNCE_MAX_BYTES) throw new TooLargeError('announcement too large')
  let value: unknown
  try {
    value = decode(bytes, STRICT_DECODE_OPTIONS)
  } catch {
    throw new MalformedError('announcement is not strict CBOR')
  }
  return verifyAnnouncement(parseAnnouncement(value), verifySignature, now, channel)
}

/** Checks the shape of a decoded announcement map. Throws MalformedError or InvalidNodeIdError. */
export function parseAnnouncement(value: unknown): SignedAnnouncement {
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
  if (!(signature instanceof Uint8Array) || signature.length !== 64)
    throw new MalformedError('signature must be 64 bytes')
  return { author: author as NodeId, id: id as PostId, created_at, signature }
}

/**
 * Checks time and signature of a parsed announcement for `channel`. Throws FutureTimestampError or
 * InvalidSignatureError (also when the signature was made for the other channel).
 */
export async function verifyAnnouncement(
  signed: SignedAnnouncement,
  verifySignature: VerifySignature,
  now: Millis,
  channel: AnnounceChannel = 'topic',
): Promise<SignedAnnouncement> {
  if (signed.created_at > now + LIMITS.futureSkewMs)
    throw new FutureTimestampError('announcement from the future')
  const record: AnnounceRecord = { author: signed.author, id: signed.id, created_at: signed.created_at }
  let ok = false
  try {
    ok = await verifySignature(record.author, announceMessage(record, channel), signed.signature)
  } catch {
    ok = false
  }
  if (!ok) throw new InvalidSignatureError('announcement signature does not verify')
  return signed
}
