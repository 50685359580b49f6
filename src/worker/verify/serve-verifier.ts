/**
 * A verifier thread's work (batch-codec.ts): answers each batch of Ed25519 checks that arrives on
 * `port` with `ed25519Best.verify` of each, the same code `verify` runs on the worker. A batch that
 * does not decode is answered with nothing; the worker then runs it itself.
 */
import { ed25519Best } from '../../core/crypto/index.ts'
import { type BatchAnswer, type BatchRequest, decodeChecks, THREAD_READY } from './batch-codec.ts'

/** Says it is ready on `port`, then serves batches there until it closes. */
export function serveVerifier(port: MessagePort): void {
  port.postMessage(THREAD_READY)
  port.onmessage = (event: MessageEvent<Partial<BatchRequest>>) => {
    const { id, checks, count } = event.data ?? {}
    if (typeof id !== 'number' || !(checks instanceof ArrayBuffer) || typeof count !== 'number') return
    const decoded = decodeChecks(checks, count)
    if (decoded === undefined) return
    void Promise.all(decoded.map((c) => ed25519Best.verify(c.pub, c.msg, c.sig))).then((results) => {
      const valid = Uint8Array.from(results, (ok) => (ok ? 1 : 0))
      const answer: BatchAnswer = { id, valid }
      port.postMessage(answer, [valid.buffer])
    })
  }
}
