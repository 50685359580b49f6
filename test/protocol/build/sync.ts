/**
 * Vectors of docs/protocol/sync.md: every frame type of `/distsoc/sync/1.0.0` as it goes on the wire
 * (length prefix included), the sync ids of records, and invalid frames and range lists with the
 * error each raises.
 */
import { blake3 } from '../../../src/core/crypto/index.ts'
import { createPost } from '../../../src/core/model/post.ts'
import { signDeleteRequest, signProfile } from '../../../src/core/model/records.ts'
import type { PostId } from '../../../src/core/model/types.ts'
import { recordSyncId, visibilitySyncId } from '../../../src/core/sync/author-set.ts'
import { encodeFrame } from '../../../src/core/sync/codec.ts'
import type { Frame } from '../../../src/core/sync/frames.ts'
import { nodeIdToKey } from '../../../src/core/sync/node-id-key.ts'
import { encodeRanges } from '../../../src/core/sync/range-wire.ts'
import { END, fingerprint } from '../../../src/core/sync/reconcile.ts'
import { ALICE, BOB, cbor, frameOf, hex, NOW, varint } from './common.ts'

const id = (label: string): Uint8Array => blake3(new TextEncoder().encode(label))
/** Fingerprint of a set of ids (the items' times do not enter it). */
const fp = (ids: Uint8Array[]): Uint8Array => fingerprint(ids.map((i) => ({ ts: 0, id: i })))

function valid(name: string, frame: Frame) {
  return { name, type: frame.type, hex: hex(encodeFrame(frame)) }
}

function invalidBody(name: string, body: unknown, error: string) {
  return { name, op: 'frame', hex: hex(frameOf(cbor(body))), error }
}

/** The sync vectors. */
export async function buildSyncVectors() {
  const alice = nodeIdToKey(ALICE.nodeId)
  const bob = nodeIdToKey(BOB.nodeId)
  const a = id('item a')
  const b = id('item b')
  const post = await createPost(
    { identity: ALICE, content: 'Hello, distsoc!', attachments: [], created_at: NOW },
    { type: 'public' },
  )
  const profile = await signProfile(ALICE, {
    v: 1,
    author: ALICE.nodeId,
    display_name: 'Alice',
    bio: '',
    anchors: ['/dns4/anchor.example/tcp/443/wss/p2p/12D3KooWQK1wnefoLrcVHbbnf5tLzbopUd3K3bFAoJpA7YJgL5pV'],
    updated_at: NOW,
  })
  const deletion = await signDeleteRequest(ALICE, {
    v: 1,
    author: ALICE.nodeId,
    post_id: post.id,
    created_at: NOW + 1000,
  })
  const lower = { ts: NOW, prefix: new Uint8Array(0) }
  const ranges = encodeRanges(
    [
      { upper: { ts: NOW + 500, prefix: b.subarray(0, 2) }, mode: 'fingerprint', fingerprint: fp([a]) },
      { upper: { ts: NOW + 900, prefix: new Uint8Array(0) }, mode: 'ids', ids: [a, b] },
      { upper: END, mode: 'skip' },
    ],
    lower,
  )
  const blobBytes = new TextEncoder().encode('a small blob')
  return {
    description:
      'docs/protocol/sync.md. Each hex is one whole frame on the wire: varint(length) ‖ CBOR map with a "type" key (encoded with cborg defaults, undefined keys left out). Authors are raw 32-byte Ed25519 keys; ids 32 bytes; fingerprints 16 bytes. Ranges are [ts delta | null for the end, id prefix (≤ 32 bytes), null (skip) | fingerprint | id list], deltas from the previous upper bound starting at the hello\'s `since` (`lower_ts`). Record sync ids: BLAKE3("distsoc/sync/<kind>/v1" ‖ canonical CBOR of the signed record); a post\'s changed visibility: BLAKE3("distsoc/sync/visibility/v1" ‖ post id ‖ u64be(visibility_updated_at)).',
    authors: { alice: hex(alice), bob: hex(bob) },
    sync_ids: [
      { kind: 'profile', signed_cbor: hex(cbor(profile)), id: hex(recordSyncId('profile', profile)) },
      { kind: 'delete', signed_cbor: hex(cbor(deletion)), id: hex(recordSyncId('delete', deletion)) },
      {
        kind: 'visibility',
        post_id: post.id,
        visibility_updated_at: NOW + 5000,
        id: hex(visibilitySyncId(post.id as PostId, NOW + 5000)),
      },
    ],
    fingerprints: [
      { name: 'empty set', ids: [], fingerprint: hex(fp([])) },
      { name: 'one id', ids: [hex(a)], fingerprint: hex(fp([a])) },
      { name: 'two ids (order does not matter)', ids: [hex(b), hex(a)], fingerprint: hex(fp([b, a])) },
    ],
    valid: [
      valid('hello for two authors since a time', {
        type: 'hello',
        v: 1,
        since: NOW,
        wants: [
          [alice, fp([a, b])],
          [bob, fp([])],
        ],
      }),
      valid('hello without since', { type: 'hello', v: 1, wants: [[alice, fp([])]] }),
      {
        ...valid('ranges: fingerprint, id list, skip to the end', {
          type: 'ranges',
          entries: [[alice, ranges]],
        }),
        lower_ts: NOW,
      },
      valid('want', { type: 'want', ids: [a, b] }),
      valid('want-blobs', { type: 'want-blobs', ids: [blake3(blobBytes)] }),
      valid('post', { type: 'post', post: post as unknown as Record<string, unknown> }),
      valid('profile', { type: 'profile', profile: profile as unknown as Record<string, unknown> }),
      valid('delete', { type: 'delete', delete: deletion as unknown as Record<string, unknown> }),
      valid('blob', { type: 'blob', id: blake3(blobBytes), bytes: blobBytes }),
      valid('over', { type: 'over' }),
      valid('done', { type: 'done' }),
      valid('error', { type: 'error', name: 'RateLimitedError', message: 'too many sessions' }),
    ],
    invalid: [
      invalidBody('unknown frame type', { type: 'gossip' }, 'UnexpectedFrameError'),
      invalidBody('a frame that is not a map', ['hello'], 'MalformedError'),
      invalidBody('hello of version 2', { type: 'hello', v: 2, wants: [] }, 'MalformedError'),
      invalidBody(
        'hello with an unknown key',
        { type: 'hello', v: 1, wants: [], follows: [] },
        'MalformedError',
      ),
      invalidBody(
        'hello with a negative since',
        { type: 'hello', v: 1, since: -1, wants: [] },
        'MalformedError',
      ),
      invalidBody(
        'hello author of 31 bytes',
        { type: 'hello', v: 1, wants: [[alice.subarray(1), fp([])]] },
        'MalformedError',
      ),
      invalidBody(
        'hello fingerprint of 32 bytes',
        { type: 'hello', v: 1, wants: [[alice, a]] },
        'MalformedError',
      ),
      invalidBody(
        'ranges entry that is not a pair',
        { type: 'ranges', entries: [[alice]] },
        'MalformedError',
      ),
      invalidBody(
        'range that is a 2-tuple',
        { type: 'ranges', entries: [[alice, [[null, new Uint8Array(0)]]]] },
        'MalformedError',
      ),
      invalidBody(
        'range with a negative delta',
        { type: 'ranges', entries: [[alice, [[-5, new Uint8Array(0), null]]]] },
        'MalformedError',
      ),
      invalidBody(
        'range prefix of 33 bytes',
        { type: 'ranges', entries: [[alice, [[1, new Uint8Array(33), null]]]] },
        'MalformedError',
      ),
      invalidBody('want id of 16 bytes', { type: 'want', ids: [a.subarray(0, 16)] }, 'MalformedError'),
      invalidBody(
        'want-blobs of 65 ids (cap 64)',
        { type: 'want-blobs', ids: Array.from({ length: 65 }, () => a) },
        'MalformedError',
      ),
      invalidBody('post that is not a map', { type: 'post', post: 'signed post' }, 'MalformedError'),
      invalidBody('blob without its id', { type: 'blob', bytes: blobBytes }, 'MalformedError'),
      invalidBody('over with a payload', { type: 'over', n: 1 }, 'MalformedError'),
      invalidBody(
        'error name of 65 characters',
        { type: 'error', name: 'E'.repeat(65), message: '' },
        'MalformedError',
      ),
      { name: 'empty frame (length 0)', op: 'frame', hex: '00', error: 'MalformedError' },
      {
        name: 'non-minimal length prefix',
        op: 'frame',
        hex: hex(new Uint8Array([0x81, 0x00, 0xa0])),
        error: 'MalformedError',
      },
      {
        name: 'declared length above the bulk cap (260 KiB), refused from the prefix',
        op: 'frame',
        hex: hex(varint(260 * 1024 + 1)),
        error: 'FrameTooLargeError',
      },
      {
        name: 'control frame (profile) body above 64 KiB',
        op: 'frame',
        hex: hex(frameOf(cbor({ type: 'profile', profile: { padding: 'm'.repeat(64 * 1024) } }))),
        error: 'FrameTooLargeError',
      },
      {
        name: 'stream ends inside a frame',
        op: 'frame',
        hex: hex(encodeFrame({ type: 'over' })).slice(0, -2),
        error: 'MalformedError',
      },
      {
        name: 'indefinite-length map',
        op: 'frame',
        hex: hex(
          frameOf(Uint8Array.of(0xbf, 0x64, 0x74, 0x79, 0x70, 0x65, 0x64, 0x64, 0x6f, 0x6e, 0x65, 0xff)),
        ),
        error: 'MalformedError',
      },
      {
        name: 'ranges: a range after the end',
        op: 'ranges',
        lower_ts: NOW,
        ranges_cbor: hex(
          cbor([
            [null, new Uint8Array(0), null],
            [1, new Uint8Array(0), null],
          ]),
        ),
        error: 'MalformedError',
      },
      {
        name: 'ranges: an end bound with a prefix',
        op: 'ranges',
        lower_ts: NOW,
        ranges_cbor: hex(cbor([[null, Uint8Array.of(1), null]])),
        error: 'MalformedError',
      },
      {
        name: 'ranges: a fingerprint of 15 bytes',
        op: 'ranges',
        lower_ts: NOW,
        ranges_cbor: hex(cbor([[1, new Uint8Array(0), new Uint8Array(15)]])),
        error: 'MalformedError',
      },
    ],
  }
}
