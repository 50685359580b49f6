/**
 * The messages between the node's worker and a verifier thread (docs/design.md §1). A batch of
 * Ed25519 checks travels as one transferred ArrayBuffer, so no check's view drags the frame it was
 * cut from along: per check, public key (32 bytes), signature (64), message length (u32, little
 * endian) and message. The answer is one byte per check, 1 valid and 0 not, in the same order.
 *
 *   thread → worker  { ready: true }            once, when the thread has loaded
 *   worker → thread  { id: number, checks: ArrayBuffer, count: number }
 *   thread → worker  { id: number, valid: Uint8Array }
 */
import { ED25519_PUBLIC_BYTES, ED25519_SIGNATURE_BYTES } from '../../core/crypto/index.ts'

/** One check, shaped as `verify` takes it (key 32 bytes, signature 64). */
export interface Check {
  pub: Uint8Array
  msg: Uint8Array
  sig: Uint8Array
}

/** A batch as the worker posts it. */
export interface BatchRequest {
  id: number
  checks: ArrayBuffer
  count: number
}

/** What a thread posts once it has loaded: only then does the worker send it checks. */
export const THREAD_READY = { ready: true } as const

/** A thread's answer to a batch. */
export interface BatchAnswer {
  id: number
  valid: Uint8Array
}

const HEAD_BYTES = ED25519_PUBLIC_BYTES + ED25519_SIGNATURE_BYTES + 4

/** Packs `checks` into one buffer (transfer it). */
export function encodeChecks(checks: readonly Check[]): ArrayBuffer {
  let size = 0
  for (const c of checks) size += HEAD_BYTES + c.msg.length
  const out = new Uint8Array(size)
  const view = new DataView(out.buffer)
  let at = 0
  for (const c of checks) {
    out.set(c.pub, at)
    out.set(c.sig, at + ED25519_PUBLIC_BYTES)
    view.setUint32(at + ED25519_PUBLIC_BYTES + ED25519_SIGNATURE_BYTES, c.msg.length, true)
    out.set(c.msg, at + HEAD_BYTES)
    at += HEAD_BYTES + c.msg.length
  }
  return out.buffer
}

/** Unpacks `count` checks; undefined if the buffer does not hold exactly that many. */
export function decodeChecks(buffer: ArrayBuffer, count: number): Check[] | undefined {
  const bytes = new Uint8Array(buffer)
  const view = new DataView(buffer)
  const checks: Check[] = []
  let at = 0
  for (let i = 0; i < count; i++) {
    if (at + HEAD_BYTES > bytes.length) return undefined
    const length = view.getUint32(at + ED25519_PUBLIC_BYTES + ED25519_SIGNATURE_BYTES, true)
    const end = at + HEAD_BYTES + length
    if (end > bytes.length) return undefined
    checks.push({
      pub: bytes.subarray(at, at + ED25519_PUBLIC_BYTES),
      sig: bytes.subarray(at + ED25519_PUBLIC_BYTES, at + ED25519_PUBLIC_BYTES + ED25519_SIGNATURE_BYTES),
      msg: bytes.subarray(at + HEAD_BYTES, end),
    })
    at = end
  }
  return at === bytes.length ? checks : undefined
}

/** The answer in `data` if it is one for batch `id` of `count` checks; undefined otherwise. */
export function readAnswer(data: unknown, id: number, count: number): boolean[] | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const { id: answered, valid } = data as Partial<BatchAnswer>
  if (answered !== id || !(valid instanceof Uint8Array) || valid.length !== count) return undefined
  const out: boolean[] = []
  for (const v of valid) {
    if (v !== 0 && v !== 1) return undefined
    out.push(v === 1)
  }
  return out
}
