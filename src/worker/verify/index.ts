/**
 * Verifier threads (issue 12): the node's worker hands Ed25519 checks to dedicated Workers its tabs
 * start, since Chromium checks a signature on the calling thread and a SharedWorker cannot start a
 * Worker.
 *
 * ```ts
 * const pool = new VerifyPool({ local: ed25519Best.verify })
 * offloadVerify((pub, msg, sig) => pool.verify(pub, msg, sig))
 * // per tab: pool.attach(port) — the tab's verifier-thread.ts serves the other end
 * ```
 */
export {
  type BatchAnswer,
  type BatchRequest,
  type Check,
  decodeChecks,
  encodeChecks,
  readAnswer,
} from './batch-codec.ts'
export { serveVerifier } from './serve-verifier.ts'
export { VerifyPool, type VerifyPoolOptions } from './verify-pool.ts'
