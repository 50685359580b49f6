/**
 * A wider receive window for a pulling stream (issue 12). js-yamux answers every data frame it
 * takes in with a window update of that frame's size. With its default 256 KiB window, a
 * requester that blocks its event loop for a moment (storing a batch of posts) lets the responder
 * exhaust the window; from then on each update lets one small frame through, and the frames stay
 * small: a 3k-post cold sync arrived in ≈1,450 frames of ≈1 KB, each with its own window update,
 * noise message and WebSocket send (≈ 15 % of the worker's CPU). A window the responder's burst
 * fits in keeps its writes whole. The receiver may always grant more window (the yamux spec's
 * window update), so this needs nothing of the remote.
 */
import type { Stream } from '@libp2p/interface'

/** Receive window of a pulling stream: what a responder may send ahead of what we have taken in. */
export const PULL_RECEIVE_WINDOW = 4 * 2 ** 20

/** The fields of a js-yamux stream this touches (structural: other muxers lack them and are left alone). */
interface YamuxWindow {
  recvWindow: number
  maxStreamWindowSize: number
  /** Tops the remote's send window up to `recvWindow` (no-op while paused). */
  sendWindowUpdate?: () => void
}

function hasYamuxWindow(stream: object): stream is YamuxWindow {
  const s = stream as Partial<Record<keyof YamuxWindow, unknown>>
  return typeof s.recvWindow === 'number' && typeof s.maxStreamWindowSize === 'number'
}

/**
 * Raises `stream`'s receive window to `bytes` (at most the muxer's own maximum) and tells the
 * remote at once. Returns the window now in force, or undefined for a muxer without one.
 */
export function widenReceiveWindow(stream: Stream, bytes = PULL_RECEIVE_WINDOW): number | undefined {
  if (!hasYamuxWindow(stream)) return undefined
  const wanted = Math.min(bytes, stream.maxStreamWindowSize)
  if (wanted <= stream.recvWindow) return stream.recvWindow
  stream.recvWindow = wanted
  if (typeof stream.sendWindowUpdate === 'function') stream.sendWindowUpdate()
  return stream.recvWindow
}
