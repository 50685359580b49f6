/**
 * Parses what a tab posts on its MessagePort into a request or a control frame (docs/design.md §9). Anything
 * else becomes a typed error the server sends back; nothing here throws other errors.
 */
import { MalformedError, ValidationError } from '../../core/errors.ts'

/** A request whose envelope is well formed; params are still unchecked (handlers check them). */
export interface ParsedRequest {
  type: 'request'
  id: number
  method: string
  params: unknown
}

/** What one incoming message is. `id` is -1 when the frame carried no usable id. */
export type IncomingFrame =
  | ParsedRequest
  | { type: 'ping' }
  | { type: 'bye' }
  | { type: 'rtc-host'; name: string }
  | { type: 'verifier' }
  | { type: 'invalid'; id: number; error: Error }

const MAX_METHOD_CHARS = 64

/** Classifies one message from a tab; never throws. */
export function parseIncomingFrame(data: unknown): IncomingFrame {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return invalid(-1, new MalformedError('frame: must be an object'))
  }
  const frame = data as Record<string, unknown>
  const type = frame['type']
  if (type === 'ping' || type === 'bye' || type === 'verifier') return { type }
  if (type === 'rtc-host') {
    const name = frame['name']
    if (typeof name !== 'string' || name.length > MAX_METHOD_CHARS) {
      return invalid(-1, new ValidationError('frame.name: must be a short string'))
    }
    return { type, name }
  }
  if (type !== 'request') return invalid(-1, new MalformedError(`frame.type: unknown frame type`))
  const id = frame['id']
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    return invalid(-1, new MalformedError('frame.id: must be a non-negative integer'))
  }
  const method = frame['method']
  if (typeof method !== 'string' || method.length === 0 || method.length > MAX_METHOD_CHARS) {
    return invalid(id, new ValidationError('frame.method: must be a method name'))
  }
  return { type: 'request', id, method, params: frame['params'] }
}

function invalid(id: number, error: Error): IncomingFrame {
  return { type: 'invalid', id, error }
}
