/** Blobs: content-addressed attachments (docs/design.md §4), linked to the posts that list them. */
import { blake3, toHex } from '../crypto/index.ts'
import { IdMismatchError, NotFoundError, TooLargeError, ValidationError } from '../errors.ts'
import { type BlobId, LIMITS, type PostId } from '../model/index.ts'
import type { StoreContext } from './store-context.ts'
import { checkBlobId, checkPostId, checkString } from './validate.ts'

/** A stored blob. */
export interface StoredBlob {
  bytes: Uint8Array
  mime: string
  size: number
}

/** The blobs part of the store. */
export interface BlobStore {
  /**
   * Stores a blob once. The store hashes `bytes` itself: `IdMismatchError` if BLAKE3 ≠ `id`,
   * `TooLargeError` over `LIMITS.blobBytes`. With `postId`, that stored post must list the blob
   * (`NotFoundError` otherwise) with this size (`ValidationError`). `postId` null: a free blob
   * (e.g. an avatar).
   */
  putBlob(id: BlobId, bytes: Uint8Array, mime: string, postId: PostId | null): 'inserted' | 'exists'
  /** A stored blob, or `undefined`. */
  getBlob(id: BlobId): StoredBlob | undefined
  /** Whether a blob is stored. */
  hasBlob(id: BlobId): boolean
  /** The blobs a stored post lists that are not stored yet (to fetch them). */
  missingBlobs(postId: PostId): BlobId[]
}

/** Builds the blobs part over a shared context. */
export function createBlobStore({ db }: StoreContext): BlobStore {
  return {
    putBlob(id, bytes, mime, postId) {
      checkBlobId(id, 'id')
      if (!(bytes instanceof Uint8Array)) throw new ValidationError('bytes: must be a Uint8Array')
      if (bytes.length > LIMITS.blobBytes) throw new TooLargeError(`bytes: over ${LIMITS.blobBytes} bytes`)
      checkString(mime, 'mime', 255)
      if (mime.trim().length === 0) throw new ValidationError('mime: must not be blank')
      if (postId !== null) checkPostId(postId, 'postId')
      if (toHex(blake3(bytes)) !== id) throw new IdMismatchError('id: is not the BLAKE3 of bytes')
      return db.transaction(() => {
        if (postId !== null) {
          const link = db.get<{ size: number }>(
            'SELECT size FROM post_blobs WHERE post_id = ? AND blob_id = ?',
            [postId, id],
          )
          if (link === undefined) throw new NotFoundError('postId: no stored post lists this blob')
          if (link.size !== bytes.length) throw new ValidationError('bytes: size differs from the attachment')
        }
        const { changes } = db.run(
          'INSERT OR IGNORE INTO blobs (id, bytes, mime, size) VALUES (?, ?, ?, ?)',
          [id, bytes, mime, bytes.length],
        )
        return changes > 0 ? 'inserted' : 'exists'
      })
    },

    getBlob(id) {
      checkBlobId(id, 'id')
      return db.get<StoredBlob>('SELECT bytes, mime, size FROM blobs WHERE id = ?', [id])
    },

    hasBlob(id) {
      checkBlobId(id, 'id')
      return db.get('SELECT 1 AS x FROM blobs WHERE id = ?', [id]) !== undefined
    },

    missingBlobs(postId) {
      checkPostId(postId, 'postId')
      return db
        .all<{ id: BlobId }>(
          'SELECT pb.blob_id AS id FROM post_blobs pb LEFT JOIN blobs b ON b.id = pb.blob_id ' +
            'WHERE pb.post_id = ? AND b.id IS NULL ORDER BY pb.blob_id',
          [postId],
        )
        .map((r) => r.id)
    },
  }
}
