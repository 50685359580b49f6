/** Splits long lists into frames that stay under the control-frame cap (docs/design.md §5). */
import type { RangesFrame, WantBlobsFrame, WantFrame } from './frames.ts'
import { FRAME_LIMITS } from './frames.ts'
import type { WireRange } from './range-wire.ts'

/** Bytes of ranges per frame, leaving headroom under LIMITS.controlFrameBytes (64 KiB). */
const RANGES_BUDGET = 60_000

function rangeSize(range: WireRange): number {
  const payload = range[2]
  const payloadSize =
    payload === null ? 1 : payload instanceof Uint8Array ? 2 + payload.length : 5 + payload.length * 35
  return 12 + range[1].length + payloadSize
}

/** Packs per-author wire messages into `ranges` frames (an author may span several entries). */
export function packRanges(messages: readonly [Uint8Array, WireRange[]][]): RangesFrame[] {
  const frames: RangesFrame[] = []
  let entries: [Uint8Array, WireRange[]][] = []
  let size = 0
  const flush = (): void => {
    if (entries.length > 0) frames.push({ type: 'ranges', entries })
    entries = []
    size = 0
  }
  for (const [author, ranges] of messages) {
    let current: WireRange[] = []
    const openEntry = (): void => {
      if (entries.length >= FRAME_LIMITS.entriesPerRanges) flush()
      current = []
      entries.push([author, current])
      size += 40
    }
    openEntry()
    for (const range of ranges) {
      const s = rangeSize(range)
      if (size + s > RANGES_BUDGET || current.length >= FRAME_LIMITS.rangesPerEntry) {
        flush()
        openEntry()
      }
      current.push(range)
      size += s
    }
  }
  flush()
  return frames
}

/** Packs ids into `want` or `want-blobs` frames. */
export function packIds<T extends 'want' | 'want-blobs'>(
  type: T,
  ids: readonly Uint8Array[],
): (T extends 'want' ? WantFrame : WantBlobsFrame)[] {
  const per = type === 'want' ? FRAME_LIMITS.idsPerWant : FRAME_LIMITS.blobsPerWant
  const frames = []
  for (let i = 0; i < ids.length; i += per) frames.push({ type, ids: ids.slice(i, i + per) })
  return frames as unknown as (T extends 'want' ? WantFrame : WantBlobsFrame)[]
}
