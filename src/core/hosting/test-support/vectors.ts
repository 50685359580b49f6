/**
 * Builds the `/distsoc/host/1.0.0` vectors (docs/protocol/vectors/hosting.json) from fixed keys:
 * every frame of an exchange as wire hex (varint length ‖ CBOR), and invalid frames with the error
 * each must raise. `vectors.test.ts` rebuilds and compares; regenerate with
 * `npx tsx src/core/hosting/test-support/write-vectors.ts` after a deliberate format change.
 */
import { hexToBytes } from '@noble/hashes/utils.js'
import { encode } from 'cborg'
import { blake3, toHex } from '../../crypto/index.ts'
import { blobIdOf, createPost } from '../../model/index.ts'
import { ALICE, NOW } from '../../model/test-support/fixtures.ts'
import { encodeFrame } from '../../net/frames.ts'
import { HOST_FRAME_BYTES } from '../host-frames.ts'

const frame = (v: unknown) => toHex(encodeFrame(v, HOST_FRAME_BYTES))
/** A frame encoded without the writer's checks, for invalid vectors. */
const raw = (v: unknown) => {
  const body = encode(v)
  return toHex(Uint8Array.from([...varint(body.length), ...body]))
}
function varint(n: number): number[] {
  const out: number[] = []
  let v = n
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80)
    v >>>= 7
  }
  out.push(v)
  return out
}

/** The hosting vectors. */
export async function buildHostingVectors() {
  const image = new Uint8Array(16).map((_, i) => i)
  const blob = blobIdOf(image)
  const post = await createPost(
    {
      identity: ALICE,
      content: 'Hosting vector: please hold this for me.',
      attachments: [{ blob, mime: 'image/webp', size: image.length }],
      created_at: NOW,
    },
    { type: 'public' },
  )
  return {
    description:
      '/distsoc/host/1.0.0 (docs/protocol/hosting.md). Each `hex` is a whole frame: unsigned LEB128 length ‖ CBOR body; cap 266,240 bytes per frame. `op` names the parser: offer (asker → host, first frame), blob (asker → host after accept), answer (host → asker), stored (host → asker, last). The offer carries a public post by Alice (RFC 8032 seed 1) at 2025-01-01T00:00:00Z with one 16-byte attachment 00..0f.',
    valid: [
      {
        name: 'offer of a public post with one attachment',
        op: 'offer',
        post_id: post.id,
        hex: frame({ v: 1, type: 'offer', post }),
      },
      {
        name: 'blob frame of that attachment',
        op: 'blob',
        blob_id: blob,
        hex: frame({ type: 'blob', id: hexToBytes(blob), bytes: image }),
      },
      { name: 'accept', op: 'answer', hex: frame({ v: 1, type: 'accept' }) },
      { name: 'held (already stored: nothing follows)', op: 'answer', hex: frame({ v: 1, type: 'held' }) },
      {
        name: 'refuse: over quota, 1234 bytes spare',
        op: 'answer',
        error_on_asker: 'HostingQuotaExceededError',
        hex: frame({ v: 1, type: 'refuse', reason: 'over-quota', spare: 1234 }),
      },
      {
        name: 'refuse: the author deleted it',
        op: 'answer',
        error_on_asker: 'TombstonedError',
        hex: frame({ v: 1, type: 'refuse', reason: 'deleted', spare: 0 }),
      },
      {
        name: 'refuse: asked too often',
        op: 'answer',
        error_on_asker: 'RateLimitedError',
        hex: frame({ v: 1, type: 'refuse', reason: 'busy', spare: 0 }),
      },
      { name: 'stored', op: 'stored', hex: frame({ v: 1, type: 'stored' }) },
    ],
    invalid: [
      {
        name: 'offer with an extra key',
        op: 'offer',
        error: 'MalformedError',
        hex: raw({ v: 1, type: 'offer', post, extra: 1 }),
      },
      {
        name: 'offer whose post is not a map',
        op: 'offer',
        error: 'MalformedError',
        hex: raw({ v: 1, type: 'offer', post: 'x' }),
      },
      {
        name: 'offer of version 2',
        op: 'offer',
        error: 'MalformedError',
        hex: raw({ v: 2, type: 'offer', post }),
      },
      {
        name: 'blob with a 31-byte id',
        op: 'blob',
        error: 'MalformedError',
        hex: raw({ type: 'blob', id: new Uint8Array(31), bytes: image }),
      },
      {
        name: 'blob bytes as a string',
        op: 'blob',
        error: 'MalformedError',
        hex: raw({ type: 'blob', id: blake3(image), bytes: 'x' }),
      },
      {
        name: 'refuse with an unknown reason',
        op: 'answer',
        error: 'MalformedError',
        hex: raw({ v: 1, type: 'refuse', reason: 'tired', spare: 0 }),
      },
      {
        name: 'refuse with a negative spare',
        op: 'answer',
        error: 'MalformedError',
        hex: raw({ v: 1, type: 'refuse', reason: 'over-quota', spare: -1 }),
      },
      {
        name: 'refuse without spare',
        op: 'answer',
        error: 'MalformedError',
        hex: raw({ v: 1, type: 'refuse', reason: 'over-quota' }),
      },
      {
        name: 'accept with an extra key',
        op: 'answer',
        error: 'MalformedError',
        hex: raw({ v: 1, type: 'accept', spare: 5 }),
      },
      {
        name: 'unknown answer type',
        op: 'answer',
        error: 'MalformedError',
        hex: raw({ v: 1, type: 'maybe' }),
      },
      {
        name: 'length prefix over the cap (266,241)',
        op: 'answer',
        error: 'FrameTooLargeError',
        hex: toHex(Uint8Array.from(varint(HOST_FRAME_BYTES + 1))),
      },
    ],
  }
}
