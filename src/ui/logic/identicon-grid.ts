/**
 * The identicon of a NodeId (seed Phase E): a deterministic 5×5 grid mirrored left↔right and a hue.
 * Pure, so the same id always draws the same picture in every tab and test.
 */

/** Cells row by row (5 rows of 5), `true` = filled, plus the hue (0–359) of the filled cells. */
export interface IdenticonGrid {
  cells: boolean[][]
  hue: number
}

/** FNV-1a over the UTF-16 code units, then xorshift to spread the bits; not a security hash. */
function seedOf(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h === 0 ? 0x9e3779b9 : h
}

function nextRandom(state: { x: number }): number {
  let x = state.x
  x ^= x << 13
  x >>>= 0
  x ^= x >>> 17
  x ^= x << 5
  x >>>= 0
  state.x = x
  return x
}

/** Builds the grid for `id`: 15 free cells (3 columns × 5 rows) mirrored into 5 columns. */
export function identiconGrid(id: string): IdenticonGrid {
  const state = { x: seedOf(id) }
  const hue = nextRandom(state) % 360
  const cells: boolean[][] = []
  for (let row = 0; row < 5; row++) {
    const left = [0, 1, 2].map(() => (nextRandom(state) & 1) === 1)
    cells.push([left[0]!, left[1]!, left[2]!, left[1]!, left[0]!])
  }
  if (cells.every((r) => r.every((c) => !c))) cells[2]![2] = true
  return { cells, hue }
}
