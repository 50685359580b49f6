/**
 * Vectors of docs/protocol/announce.md (the gossipsub topic `distsoc/announce/1`) and
 * docs/protocol/notice.md (`/distsoc/notice/1.0.0`): the same signed map under two signature
 * domains, so neither can be replayed on the other channel.
 */

import type { PostId } from '../../../src/core/model/types.ts'
import { encodeFrame } from '../../../src/core/net/frames.ts'
import { NOTICE_FRAME_BYTES } from '../../../src/core/net/notice-protocol.ts'
import {
  type AnnounceChannel,
  type AnnounceRecord,
  announceMessage,
  encodeAnnouncement,
  type SignedAnnouncement,
  signAnnouncement,
} from '../../../src/core/sync/announce.ts'
import { ALICE, BOB, cbor, frameOf, hex, NOW, seedHex, signerOf } from './common.ts'

const POST_ID = 'a3'.repeat(32) as PostId

function wire(signed: SignedAnnouncement): Record<string, unknown> {
  const { author, id, created_at, signature } = signed
  return { author, id, created_at, signature }
}

async function signed(record: AnnounceRecord, channel: AnnounceChannel, by = ALICE) {
  return signAnnouncement(record, signerOf(by), channel)
}

/** The announcement vectors (topic channel). */
export async function buildAnnounceVectors() {
  const record: AnnounceRecord = { author: ALICE.nodeId, id: POST_ID, created_at: NOW }
  const good = await signed(record, 'topic')
  const asNotice = await signed(record, 'notice')
  const byBob = await signed(record, 'topic', BOB)
  const future = await signed({ ...record, created_at: NOW + 16 * 60_000 }, 'topic')
  const badSig = { ...good, signature: good.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) }
  const msg = (s: unknown) => hex(cbor(s))
  return {
    description:
      'docs/protocol/announce.md. A gossipsub message on topic "distsoc/announce/1" is the canonical CBOR map {author, created_at, id, signature} (≤ 512 bytes). signature = Ed25519 by author over "distsoc/announce/v1" ‖ canonical CBOR of {author, created_at, id} (`signed_message`). Checked at `now` (ms): created_at at most 15 min ahead.',
    valid: [
      {
        name: 'public post announcement',
        author_seed: seedHex(ALICE),
        now: NOW,
        record,
        signed_message: hex(announceMessage(record, 'topic')),
        hex: hex(encodeAnnouncement(good)),
      },
      {
        name: 'announcement dated 14 min ahead (clock skew allowed)',
        author_seed: seedHex(ALICE),
        now: NOW - 14 * 60_000,
        record,
        signed_message: hex(announceMessage(record, 'topic')),
        hex: hex(encodeAnnouncement(good)),
      },
    ],
    invalid: [
      {
        name: 'larger than 512 bytes',
        now: NOW,
        hex: msg({ ...wire(good), pad: 'x'.repeat(520) }),
        error: 'TooLargeError',
      },
      { name: 'not CBOR', now: NOW, hex: 'ff00', error: 'MalformedError' },
      { name: 'not a map', now: NOW, hex: msg([ALICE.nodeId, POST_ID, NOW]), error: 'MalformedError' },
      {
        name: 'an extra key (recipients)',
        now: NOW,
        hex: msg({ ...wire(good), recipients: [] }),
        error: 'MalformedError',
      },
      {
        name: 'missing signature',
        now: NOW,
        hex: msg({ author: ALICE.nodeId, id: POST_ID, created_at: NOW }),
        error: 'MalformedError',
      },
      {
        name: 'id in upper-case hex',
        now: NOW,
        hex: msg({ ...wire(good), id: POST_ID.toUpperCase() }),
        error: 'MalformedError',
      },
      {
        name: 'negative created_at',
        now: NOW,
        hex: msg({ ...wire(good), created_at: -1 }),
        error: 'MalformedError',
      },
      {
        name: 'signature of 63 bytes',
        now: NOW,
        hex: msg({ ...wire(good), signature: good.signature.subarray(1) }),
        error: 'MalformedError',
      },
      {
        name: 'author is not a PeerId',
        now: NOW,
        hex: msg({ ...wire(good), author: 'alice' }),
        error: 'InvalidNodeIdError',
      },
      { name: 'dated 16 min in the future', now: NOW, hex: msg(wire(future)), error: 'FutureTimestampError' },
      {
        name: 'signature with one bit flipped',
        now: NOW,
        hex: msg(wire(badSig)),
        error: 'InvalidSignatureError',
      },
      {
        name: 'signed by someone else (Bob for Alice)',
        now: NOW,
        hex: msg(wire(byBob)),
        error: 'InvalidSignatureError',
      },
      {
        name: 'a direct notice replayed on the topic',
        now: NOW,
        hex: msg(wire(asNotice)),
        error: 'InvalidSignatureError',
      },
    ],
  }
}

/** The notice vectors: request frames, acknowledgements, and invalid ones. */
export async function buildNoticeVectors() {
  const record: AnnounceRecord = { author: ALICE.nodeId, id: POST_ID, created_at: NOW }
  const good = await signed(record, 'notice')
  const onTopic = await signed(record, 'topic')
  const frame = (value: unknown) => hex(encodeFrame(value, NOTICE_FRAME_BYTES))
  return {
    description:
      'docs/protocol/notice.md. One frame each way on a fresh stream of /distsoc/notice/1.0.0 (framing.md, cap 512 bytes). Request: the map {author, created_at, id, signature}, signature = Ed25519 by author over "distsoc/notice/v1" ‖ canonical CBOR of {author, created_at, id}. Answer: {v: 1}. `op` says which side parses the frame.',
    valid: [
      {
        name: 'notice of an encrypted post',
        op: 'request',
        author_seed: seedHex(ALICE),
        now: NOW,
        record,
        signed_message: hex(announceMessage(record, 'notice')),
        hex: frame(wire(good)),
      },
      { name: 'acknowledgement', op: 'ack', hex: frame({ v: 1 }) },
    ],
    invalid: [
      {
        name: 'a topic announcement sent as a notice',
        op: 'request',
        now: NOW,
        hex: frame(wire(onTopic)),
        error: 'InvalidSignatureError',
      },
      {
        name: 'notice with an extra key',
        op: 'request',
        now: NOW,
        hex: frame({ ...wire(good), to: BOB.nodeId }),
        error: 'MalformedError',
      },
      {
        name: 'notice frame above 512 bytes (refused from the prefix)',
        op: 'request',
        now: NOW,
        hex: hex(frameOf(new Uint8Array(513))),
        error: 'FrameTooLargeError',
      },
      { name: 'ack of version 2', op: 'ack', hex: frame({ v: 2 }), error: 'MalformedError' },
      { name: 'ack with an extra key', op: 'ack', hex: frame({ v: 1, pull: true }), error: 'MalformedError' },
    ],
  }
}
