/**
 * Where Ed25519 checks may run besides the calling thread (issue 12). Chromium checks an Ed25519
 * signature synchronously on the thread that calls `subtle.verify`, and a SharedWorker cannot start
 * a Worker, so the node's worker installs an offload that hands checks to verifier threads its tabs
 * started (src/worker/verify). The offload answers `undefined` when it has no thread to use; the
 * check then runs here. Whatever the offload answers must be what `ed25519Best.verify` would.
 */

/** Runs one check elsewhere, or answers undefined to have it run on this thread. */
export type VerifyOffload = (
  pub: Uint8Array,
  msg: Uint8Array,
  sig: Uint8Array,
) => Promise<boolean> | undefined

let installed: VerifyOffload | undefined

/** Installs (or with no argument removes) the offload of this thread's `verify` calls. */
export function offloadVerify(offload?: VerifyOffload): void {
  installed = offload
}

/** The installed offload, if any (ed25519.ts). */
export function verifyOffload(): VerifyOffload | undefined {
  return installed
}
