/**
 * Small validators for the network protocols' frames (docs/design.md §9: parse before use). Each throws
 * ValidationError naming the field; NodeIds must be Ed25519 libp2p PeerIds (docs/design.md §3).
 */
import { multiaddr } from '@multiformats/multiaddr'
import { InvalidNodeIdError, ValidationError } from '../errors.ts'
import type { NodeId } from '../model/index.ts'
import { parseNodeId } from '../model/index.ts'

/** Longest multiaddr string we accept on the wire. */
export const MAX_ADDR_CHARS = 512

/** True if `value` is a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  )
}

/** Checks that `value` is a NodeId (Ed25519 PeerId string); throws InvalidNodeIdError naming the field. */
export function checkNodeId(value: unknown, field: string): NodeId {
  try {
    return parseNodeId(value)
  } catch (err) {
    throw new InvalidNodeIdError(`${field}: ${err instanceof Error ? err.message : 'not a NodeId'}`)
  }
}

/** Checks that `value` parses as a multiaddr of sane length. */
export function checkMultiaddr(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ADDR_CHARS) {
    throw new ValidationError(`${field}: not a multiaddr string`)
  }
  try {
    multiaddr(value)
  } catch {
    throw new ValidationError(`${field}: not a multiaddr`)
  }
  return value
}

/** Checks an array field with at most `max` entries, validating each entry. */
export function checkArray<T>(
  value: unknown,
  field: string,
  max: number,
  each: (v: unknown, f: string) => T,
): T[] {
  if (!Array.isArray(value)) throw new ValidationError(`${field}: must be an array`)
  if (value.length > max) throw new ValidationError(`${field}: more than ${max} entries`)
  return value.map((v, i) => each(v, `${field}[${i}]`))
}

/** Checks a non-negative safe integer (timestamps, counts). */
export function checkCount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(`${field}: must be a non-negative integer`)
  }
  return value
}
