/**
 * Tiny param validators for RPC handlers (docs/design.md §9: every boundary parses before use). A validator
 * is a function `(value, path) => T` that returns the checked value or throws `ValidationError`
 * naming the field, e.g. `params.content: must be at most 5000 characters`.
 */
import { ValidationError } from '../../core/errors.ts'
import type { NodeId } from '../../core/model/index.ts'
import { isNodeId } from '../../core/model/index.ts'

/** Checks an untrusted value at `path` and returns it typed; throws `ValidationError`. */
export type Validator<T> = (value: unknown, path: string) => T

/** The type a validator returns. */
export type Infer<V> = V extends Validator<infer T> ? T : never

function fail(path: string, what: string): never {
  throw new ValidationError(`${path}: ${what}`)
}

/** A string of `min`..`max` UTF-16 code units (defaults 0..10 000). */
export function string(opts: { min?: number; max?: number } = {}): Validator<string> {
  const min = opts.min ?? 0
  const max = opts.max ?? 10_000
  return (value, path) => {
    if (typeof value !== 'string') fail(path, `must be a string, got ${kindOf(value)}`)
    if (value.length < min) fail(path, `must be at least ${min} characters`)
    if (value.length > max) fail(path, `must be at most ${max} characters`)
    return value
  }
}

/** A finite number, optionally an integer, within `min`..`max`. */
export function number(opts: { min?: number; max?: number; integer?: boolean } = {}): Validator<number> {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'must be a finite number')
    if (opts.integer === true && !Number.isSafeInteger(value)) fail(path, 'must be an integer')
    if (opts.min !== undefined && value < opts.min) fail(path, `must be ≥ ${opts.min}`)
    if (opts.max !== undefined && value > opts.max) fail(path, `must be ≤ ${opts.max}`)
    return value
  }
}

/** `true` or `false`. */
export const boolean: Validator<boolean> = (value, path) => {
  if (typeof value !== 'boolean') fail(path, `must be a boolean, got ${kindOf(value)}`)
  return value
}

/** A `Uint8Array` of at most `max` bytes (default 256 KiB, docs/design.md §4). */
export function bytes(opts: { max?: number; min?: number } = {}): Validator<Uint8Array> {
  const max = opts.max ?? 256 * 1024
  return (value, path) => {
    if (!(value instanceof Uint8Array)) fail(path, `must be a Uint8Array, got ${kindOf(value)}`)
    if (value.byteLength > max) fail(path, `must be at most ${max} bytes`)
    if (opts.min !== undefined && value.byteLength < opts.min)
      fail(path, `must be at least ${opts.min} bytes`)
    return value
  }
}

/** A valid Ed25519 NodeId string (docs/design.md §3). */
export const nodeId: Validator<NodeId> = (value, path) => {
  if (typeof value !== 'string') fail(path, `must be a NodeId string, got ${kindOf(value)}`)
  if (value.length > 128 || !isNodeId(value)) fail(path, 'is not a valid NodeId')
  return value
}

/** One of the given literal values. */
export function oneOf<const T extends readonly (string | number | boolean)[]>(
  ...allowed: T
): Validator<T[number]> {
  return (value, path) => {
    if (!allowed.includes(value as T[number])) fail(path, `must be one of ${allowed.join(', ')}`)
    return value as T[number]
  }
}

/** An array of at most `max` items, each checked by `item`. */
export function array<T>(item: Validator<T>, opts: { max?: number; min?: number } = {}): Validator<T[]> {
  const max = opts.max ?? 1000
  return (value, path) => {
    if (!Array.isArray(value)) fail(path, `must be an array, got ${kindOf(value)}`)
    if (value.length > max) fail(path, `must have at most ${max} items`)
    if (opts.min !== undefined && value.length < opts.min) fail(path, `must have at least ${opts.min} items`)
    return value.map((v, i) => item(v, `${path}[${i}]`))
  }
}

/** Marks a field of `object({...})` as optional: absent or `undefined` passes. */
export function optional<T>(inner: Validator<T>): Validator<T | undefined> & { optional: true } {
  const v = ((value: unknown, path: string) =>
    value === undefined ? undefined : inner(value, path)) as Validator<T | undefined> & { optional: true }
  v.optional = true
  return v
}

/** `null` or a value checked by `inner`. */
export function nullable<T>(inner: Validator<T>): Validator<T | null> {
  return (value, path) => (value === null ? null : inner(value, path))
}

type Shape = Record<string, Validator<unknown>>
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S]
type ObjectOf<S extends Shape> = { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Infer<S[K]>
}

/**
 * A plain object with exactly these fields (unknown fields are refused, so typos and smuggled data
 * surface as errors). Returns a fresh object holding only the checked fields.
 */
export function object<S extends Shape>(shape: S): Validator<ObjectOf<S>> {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail(path, `must be an object, got ${kindOf(value)}`)
    }
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) fail(path, 'must be a plain object')
    const record = value as Record<string, unknown>
    for (const key of Object.keys(record)) {
      if (!Object.hasOwn(shape, key)) fail(`${path}.${key}`, 'is not an allowed field')
    }
    const out: Record<string, unknown> = {}
    for (const [key, check] of Object.entries(shape)) {
      const checked = check(record[key], `${path}.${key}`)
      if (checked !== undefined) out[key] = checked
    }
    return out as ObjectOf<S>
  }
}

/** The params of a method that takes none: `{}` (or `undefined`, which tabs may send). */
export const noParams: Validator<Record<string, never>> = (value, path) => {
  if (value === undefined) return {}
  return object({})(value, path) as Record<string, never>
}

/** Runs `validator` on RPC params, naming the root `params`. */
export function parseParams<T>(validator: Validator<T>, params: unknown): T {
  return validator(params, 'params')
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (value instanceof Uint8Array) return 'Uint8Array'
  return typeof value
}
