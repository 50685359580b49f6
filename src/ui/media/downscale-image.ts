/**
 * Turns a picked file into an attachment that fits in one blob (docs/design.md §4: ≤ 256 KiB): decode with
 * `createImageBitmap` (which also proves it is a raster image), then re-encode as WebP (JPEG where
 * WebP encoding is missing), following `firstStep` / `nextStep` until the bytes fit.
 */
import { LIMITS, type NewAttachment, ValidationError } from '../../core/api/index.ts'
import { firstStep, nextStep } from '../logic/index.ts'

/** Decodes `blob` as a raster image, or null if the browser cannot (not an image, corrupt, SVG). */
export async function decodeImage(blob: Blob): Promise<ImageBitmap | null> {
  try {
    return await createImageBitmap(blob)
  } catch {
    return null
  }
}

async function encode(
  bitmap: ImageBitmap,
  width: number,
  height: number,
  type: string,
  quality: number,
): Promise<Blob> {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height)
    const ctx = canvas.getContext('2d')
    if (ctx === null) throw new ValidationError('this browser cannot draw images')
    ctx.drawImage(bitmap, 0, 0, width, height)
    return canvas.convertToBlob({ type, quality })
  }
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d')
  if (ctx === null) throw new ValidationError('this browser cannot draw images')
  ctx.drawImage(bitmap, 0, 0, width, height)
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b === null ? reject(new ValidationError('could not encode the image')) : resolve(b)),
      type,
      quality,
    ),
  )
}

/**
 * Returns the file as an attachment of at most `maxBytes`. Throws ValidationError with a message
 * for the user if it is not a raster image or cannot be made small enough.
 */
export async function downscaleImage(
  file: Blob,
  maxBytes: number = LIMITS.blobBytes,
): Promise<NewAttachment> {
  const bitmap = await decodeImage(file)
  if (bitmap === null) throw new ValidationError('Only images (JPEG, PNG, WebP, GIF, AVIF) can be attached.')
  try {
    let step = firstStep(bitmap.width, bitmap.height)
    // Already small and a format we keep as is: no re-encoding, no quality loss.
    if (
      file.size <= maxBytes &&
      step !== null &&
      step.width === bitmap.width &&
      ['image/webp', 'image/jpeg', 'image/png'].includes(file.type)
    ) {
      return { bytes: new Uint8Array(await file.arrayBuffer()), mime: file.type }
    }
    let type = 'image/webp'
    while (step !== null) {
      let blob = await encode(bitmap, step.width, step.height, type, step.quality)
      if (blob.type !== type) {
        // No WebP encoder here: fall back to JPEG for this and every later step.
        type = 'image/jpeg'
        blob = await encode(bitmap, step.width, step.height, type, step.quality)
      }
      if (blob.size <= maxBytes) return { bytes: new Uint8Array(await blob.arrayBuffer()), mime: type }
      step = nextStep(step, blob.size, maxBytes)
    }
    throw new ValidationError('This image could not be made small enough to attach.')
  } finally {
    bitmap.close()
  }
}
