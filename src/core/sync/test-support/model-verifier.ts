/** The real model's verification as a SyncVerifier (tests use real signatures). */
import {
  shouldSendPost,
  verifyDeleteRequest,
  verifyPost,
  verifyProfile,
  verifyProfileVersion,
} from '../../model/index.ts'
import type { SyncVerifier } from '../sync-store.ts'

/** SyncVerifier backed by src/core/model. */
export const modelVerifier: SyncVerifier = {
  verifyPost,
  verifyProfile,
  verifyDeleteRequest,
  verifyProfileVersion,
  shouldSendPost,
}
