/** Shared checks of the announcement and notice paths (docs/design.md §5): whose signature (`isNews` is in core/sync). */
export { isNews } from '../../sync/index.ts'

import { verify } from '../../crypto/index.ts'
import type { NodeId } from '../../model/index.ts'
import { publicKeyFromNodeId } from '../../model/index.ts'

/** Checks an Ed25519 signature by the key of `id` (the NodeId is the public key, docs/design.md §3). */
export function verifyByNodeId(id: NodeId, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  return verify(publicKeyFromNodeId(id), message, signature)
}
