/**
 * How the composer shrinks an image until it fits in a blob (LIMITS.blobBytes, docs/design.md §4): first
 * at ≤ 2048 px and good quality, then lower quality once, then smaller dimensions chosen from how
 * far the last attempt missed (bytes grow roughly with pixel count), so even a worst-case photo
 * takes a handful of encodes. Pure, so the policy is testable without a canvas;
 * `media/downscale-image.ts` executes it.
 */

/** One attempt: encode at this size and quality. */
export interface EncodeStep {
  width: number
  height: number
  quality: number
}

const HIGH = 0.82
const LOW = 0.6
const MAX_EDGE = 2048
const MIN_EDGE = 48

/** The first attempt for a `width`×`height` image, or null if it has no pixels. */
export function firstStep(width: number, height: number): EncodeStep | null {
  if (!(width > 0 && height > 0)) return null
  const scale = Math.min(1, MAX_EDGE / Math.max(width, height))
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
    quality: HIGH,
  }
}

/**
 * The attempt after `step` produced `bytes` > `maxBytes`: lower quality if it was close, else scale
 * the pixel count by the miss with a 15 % margin. Null when the image cannot shrink further.
 */
export function nextStep(step: EncodeStep, bytes: number, maxBytes: number): EncodeStep | null {
  if (bytes <= maxBytes) return null
  const ratio = bytes / maxBytes
  if (step.quality > LOW && ratio < 1.8) return { ...step, quality: LOW }
  const long = Math.max(step.width, step.height)
  if (long <= MIN_EDGE) return null
  const scale = Math.min(0.9, Math.sqrt(1 / ratio) * 0.85)
  const width = Math.max(1, Math.round(step.width * scale))
  const height = Math.max(1, Math.round(step.height * scale))
  return { width, height, quality: step.quality > LOW ? HIGH : LOW }
}
