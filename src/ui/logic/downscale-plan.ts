/**
 * The order in which the composer tries encodings of an image until one fits in a blob
 * (LIMITS.blobBytes, DESIGN §4): first lower quality, then smaller dimensions. Pure, so the
 * policy is testable without a canvas; `media/downscale-image.ts` executes it.
 */

/** One attempt: encode at this size and quality. */
export interface EncodeStep {
  width: number
  height: number
  quality: number
}

const QUALITIES = [0.85, 0.72, 0.6, 0.45]
const MAX_EDGE = 2048
const MIN_EDGE = 64

/** Steps for a `width`×`height` image: start at ≤ 2048 px on the long edge, shrink by 0.75 each round. */
export function downscalePlan(width: number, height: number): EncodeStep[] {
  if (!(width > 0 && height > 0)) return []
  const steps: EncodeStep[] = []
  let scale = Math.min(1, MAX_EDGE / Math.max(width, height))
  for (;;) {
    const w = Math.max(1, Math.round(width * scale))
    const h = Math.max(1, Math.round(height * scale))
    for (const quality of QUALITIES) steps.push({ width: w, height: h, quality })
    if (Math.max(w, h) <= MIN_EDGE) break
    scale *= 0.75
  }
  return steps
}
