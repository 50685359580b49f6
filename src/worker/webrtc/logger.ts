/**
 * The injected logger of the WebRTC shim (docs/house-rules.md §2). Structurally the same
 * as the worker's logger, so the worker passes its own; never log SDP, candidates or payloads.
 */

/** A namespaced structured logger (`distsoc:webrtc`). */
export interface RtcLogger {
  debug(event: string, fields?: Record<string, string | number | boolean | undefined>): void
  warn(event: string, fields?: Record<string, string | number | boolean | undefined>): void
}

/** Drops everything: the default. */
export const silentRtcLogger: RtcLogger = { debug() {}, warn() {} }
