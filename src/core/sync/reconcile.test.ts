import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MalformedError } from '../errors.ts'
import { decodeRanges, encodeRanges } from './range-wire.ts'
import {
  EMPTY_FINGERPRINT,
  fingerprint,
  hexKey,
  lowerBound,
  openingMessage,
  type RangeItem,
  type ReconcileOptions,
  reconcileStep,
  type SyncItem,
  sortItems,
} from './reconcile.ts'

/** Runs both sides to completion over the wire encoding; returns what each side learned. */
function simulate(a: SyncItem[], b: SyncItem[], options?: ReconcileOptions, since = 0) {
  const lower = lowerBound(since)
  const A = sortItems(a)
  const B = sortItems(b)
  const aLacks = new Set<string>()
  const bLacks = new Set<string>()
  let message: RangeItem[] = openingMessage(A, lower)
  let turn: 'A' | 'B' = 'B'
  let rounds = 0
  while (message.length > 0) {
    rounds++
    if (rounds > 40) throw new Error('did not converge')
    const wire = decodeRanges(encodeRanges(message, lower), lower)
    const step = reconcileStep(turn === 'A' ? A : B, wire, lower, options)
    for (const id of step.weLack) (turn === 'A' ? aLacks : bLacks).add(hexKey(id))
    for (const id of step.theyLack) (turn === 'A' ? bLacks : aLacks).add(hexKey(id))
    message = step.reply
    turn = turn === 'A' ? 'B' : 'A'
  }
  return { aLacks, bLacks, rounds }
}

const item = fc.record({
  ts: fc.integer({ min: 0, max: 40 }),
  id: fc.uint8Array({ minLength: 32, maxLength: 32 }),
})

function keysOf(items: SyncItem[], since = 0): Set<string> {
  return new Set(items.filter((i) => i.ts >= since).map((i) => hexKey(i.id)))
}

function minus(x: Set<string>, y: Set<string>): Set<string> {
  return new Set([...x].filter((k) => !y.has(k)))
}

describe('range reconciliation', () => {
  it('finds exactly A\\B and B\\A for random sets', () => {
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 300 }),
        fc.array(item, { maxLength: 300 }),
        fc.array(item, { maxLength: 300 }),
        fc.record({
          branching: fc.integer({ min: 2, max: 16 }),
          idListThreshold: fc.integer({ min: 1, max: 32 }),
        }),
        (shared, onlyA, onlyB, options) => {
          const a = [...shared, ...onlyA]
          const b = [...shared, ...onlyB]
          const { aLacks, bLacks } = simulate(a, b, options)
          expect(aLacks).toEqual(minus(keysOf(b), keysOf(a)))
          expect(bLacks).toEqual(minus(keysOf(a), keysOf(b)))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('ignores items created before `since`', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 200 }), fc.array(item, { maxLength: 200 }), (a, b) => {
        const { aLacks, bLacks } = simulate(a, b, undefined, 20)
        expect(aLacks).toEqual(minus(keysOf(b, 20), keysOf(a, 20)))
        expect(bLacks).toEqual(minus(keysOf(a, 20), keysOf(b, 20)))
      }),
      { numRuns: 200 },
    )
  })

  it('settles equal sets in one message with no reply', () => {
    const set = sortItems(
      Array.from({ length: 5000 }, (_, i) => ({
        ts: i % 100,
        id: Uint8Array.from({ length: 32 }, (_, j) => (i * 31 + j * 7 + (i >> 8) * j) % 256),
      })),
    )
    const step = reconcileStep(set, openingMessage(set, lowerBound()), lowerBound())
    expect(step.reply).toEqual([])
    expect(step.weLack).toEqual([])
    expect(step.theyLack).toEqual([])
  })

  it('pushes everything to a peer that holds nothing, without listing ids', () => {
    const set = sortItems(Array.from({ length: 100 }, (_, i) => ({ ts: i, id: new Uint8Array(32).fill(i) })))
    const step = reconcileStep(set, openingMessage([], lowerBound()), lowerBound())
    expect(step.reply).toEqual([])
    expect(step.theyLack).toHaveLength(100)
  })

  it('fingerprints depend on membership and count', () => {
    const x = { ts: 1, id: new Uint8Array(32).fill(1) }
    const y = { ts: 2, id: new Uint8Array(32).fill(2) }
    expect(fingerprint([x, y])).not.toEqual(fingerprint([x]))
    expect(fingerprint([x])).not.toEqual(EMPTY_FINGERPRINT)
    expect(fingerprint([x, y])).toEqual(fingerprint([y, x]))
  })

  it('rejects a message whose bounds do not increase', () => {
    const lower = lowerBound(10)
    expect(() => decodeRanges([[0, new Uint8Array(0), null]], lower)).not.toThrow()
    const twice: RangeItem[] = [
      { upper: { ts: 20, prefix: new Uint8Array(0) }, mode: 'skip' },
      { upper: { ts: 20, prefix: new Uint8Array(0) }, mode: 'fingerprint', fingerprint: new Uint8Array(16) },
    ]
    expect(() => reconcileStep([], twice, lower)).toThrow(MalformedError)
    expect(() =>
      decodeRanges(
        [
          [null, new Uint8Array(0), null],
          [1, new Uint8Array(0), null],
        ],
        lower,
      ),
    ).toThrow(MalformedError)
    expect(() => decodeRanges([[-1, new Uint8Array(0), null]], lower)).toThrow(MalformedError)
    expect(() => decodeRanges([[1, new Uint8Array(0), new Uint8Array(5)]], lower)).toThrow(MalformedError)
  })
})
