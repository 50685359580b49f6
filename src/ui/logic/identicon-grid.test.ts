import { describe, expect, it } from 'vitest'
import { identiconGrid } from './identicon-grid.ts'

const a = '12D3KooWAbcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUV'
const b = '12D3KooWBbcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUV'

describe('identiconGrid', () => {
  it('draws the same grid and hue for the same id every time', () => {
    expect(identiconGrid(a)).toEqual(identiconGrid(a))
  })

  it('draws different pictures for ids that differ in one character', () => {
    expect(identiconGrid(a)).not.toEqual(identiconGrid(b))
  })

  it('is a 5×5 grid mirrored left to right with at least one filled cell', () => {
    for (const id of [a, b, '', 'x', 'another id']) {
      const { cells, hue } = identiconGrid(id)
      expect(cells).toHaveLength(5)
      for (const row of cells) {
        expect(row).toHaveLength(5)
        expect(row[0]).toBe(row[4])
        expect(row[1]).toBe(row[3])
      }
      expect(cells.flat().some(Boolean)).toBe(true)
      expect(hue).toBeGreaterThanOrEqual(0)
      expect(hue).toBeLessThan(360)
    }
  })

  it('spreads ids over many distinct pictures', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) seen.add(JSON.stringify(identiconGrid(`12D3KooW${i}`).cells))
    expect(seen.size).toBeGreaterThan(150)
  })
})
