/**
 * Reading a connect string from a camera frame (issue 16, "a scanner in Follow someone"): jsQR finds
 * a QR code in the RGBA pixels; what it says counts only if it is a NodeId, a connect string or a
 * follow link (`…#follow=…`). The result only fills the Follow field; the user still presses Follow.
 */
import jsQR from 'jsqr'
import { followFromHash } from './follow-link.ts'
import { checkFollowTarget } from './follow-target.ts'

/** What one frame held: nothing readable, someone to follow, or a QR code of something else. */
export type ScanOutcome = { type: 'none' } | { type: 'target'; target: string } | { type: 'foreign' }

/** The NodeId or connect string `text` carries (itself, or inside a follow link), or null. */
export function followTargetOf(text: string): string | null {
  const trimmed = text.trim()
  if (checkFollowTarget(trimmed) === null) return trimmed
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return null
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? followFromHash(url.hash) : null
}

/** Looks for a QR code in `rgba` (width × height × 4 bytes, as `ImageData.data`) and reads it. */
export function scanFrame(rgba: Uint8ClampedArray, width: number, height: number): ScanOutcome {
  if (width <= 0 || height <= 0 || rgba.length !== width * height * 4) return { type: 'none' }
  const code = jsQR(rgba, width, height, { inversionAttempts: 'attemptBoth' })
  if (code === null) return { type: 'none' }
  const target = followTargetOf(code.data)
  return target === null ? { type: 'foreign' } : { type: 'target', target }
}
