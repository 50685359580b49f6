/**
 * The snapshot file format (docs/design.md §7): a header that says which log sequence the database image
 * covers, and a SHA-256 (WebCrypto: native speed, a 10 MB image hashes in a few ms) over everything
 * after the checksum, so a torn, truncated or altered snapshot is detected instead of opened.
 *
 *   offset 0   8 bytes  magic "DSSNAP" 0x00 0x01
 *   offset 8  32 bytes  SHA-256 of bytes 40..end
 *   offset 40  8 bytes  seq, uint64 big-endian: the last log entry the image contains
 *   offset 48  8 bytes  image length, uint64 big-endian
 *   offset 56           the SQLite image (sql.js `export()`)
 */
import { CorruptStorageError } from '../../core/errors.ts'

const MAGIC = new Uint8Array([0x44, 0x53, 0x53, 0x4e, 0x41, 0x50, 0x00, 0x01])
const HEADER_BYTES = 56
const HASHED_FROM = 40

/** A decoded, checksum-verified snapshot. */
export interface Snapshot {
  seq: number
  image: Uint8Array
}

/** Builds the file bytes for a database image at log sequence `seq`. */
export async function encodeSnapshot(seq: number, image: Uint8Array): Promise<Uint8Array> {
  const file = new Uint8Array(HEADER_BYTES + image.byteLength)
  file.set(MAGIC, 0)
  const view = new DataView(file.buffer)
  view.setBigUint64(40, BigInt(seq))
  view.setBigUint64(48, BigInt(image.byteLength))
  file.set(image, HEADER_BYTES)
  file.set(await sha256(file.subarray(HASHED_FROM)), 8)
  return file
}

/** Bytes of the header `peekSnapshot` reads. */
export const SNAPSHOT_HEADER_BYTES = HEADER_BYTES

/**
 * The sequence a snapshot claims, from its header alone (magic and version checked, checksum
 * not: `decodeSnapshot` does that). Throws `CorruptStorageError` for a bad header.
 */
export function peekSnapshot(head: Uint8Array): { seq: number } {
  if (head.byteLength < HEADER_BYTES) throw new CorruptStorageError('snapshot: shorter than its header')
  for (let i = 0; i < MAGIC.length; i++) {
    if (head[i] !== MAGIC[i]) throw new CorruptStorageError('snapshot: bad magic or unknown version')
  }
  const seq = new DataView(head.buffer, head.byteOffset, head.byteLength).getBigUint64(40)
  if (seq > BigInt(Number.MAX_SAFE_INTEGER)) throw new CorruptStorageError('snapshot: sequence out of range')
  return { seq: Number(seq) }
}

/** Verifies and decodes snapshot file bytes; throws `CorruptStorageError` saying what is wrong. */
export async function decodeSnapshot(file: Uint8Array): Promise<Snapshot> {
  if (file.byteLength < HEADER_BYTES) throw new CorruptStorageError('snapshot: shorter than its header')
  for (let i = 0; i < MAGIC.length; i++) {
    if (file[i] !== MAGIC[i]) throw new CorruptStorageError('snapshot: bad magic or unknown version')
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  const length = view.getBigUint64(48)
  if (length !== BigInt(file.byteLength - HEADER_BYTES)) {
    throw new CorruptStorageError('snapshot: length does not match (truncated or torn)')
  }
  const expected = file.subarray(8, 40)
  const actual = await sha256(file.subarray(HASHED_FROM))
  if (!equalBytes(expected, actual)) throw new CorruptStorageError('snapshot: checksum mismatch')
  const seq = view.getBigUint64(40)
  if (seq > BigInt(Number.MAX_SAFE_INTEGER)) throw new CorruptStorageError('snapshot: sequence out of range')
  return { seq: Number(seq), image: file.subarray(HEADER_BYTES) }
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return diff === 0
}
