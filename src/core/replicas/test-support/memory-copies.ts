/** A CopyLookup over a MemorySyncStore, for liveness tests (a post counts only with every blob). */
import type { BlobId } from '../../model/types.ts'
import type { MemorySyncStore } from '../../sync/test-support/memory-sync-store.ts'
import type { CopyLookup } from '../liveness-proof.ts'

/** Full copies held by `store`. */
export function memoryCopies(store: MemorySyncStore): CopyLookup {
  return (id) => {
    const post = store.posts.get(id)
    if (post === undefined) return undefined
    const blobs = post.post.attachments.map((a) => store.blobs.get(a.blob as BlobId))
    if (blobs.some((b) => b === undefined)) return undefined
    return { post, blobs: blobs as Uint8Array[] }
  }
}
