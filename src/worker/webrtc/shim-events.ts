/**
 * Event plumbing shared by the shim classes: W3C objects expose both `addEventListener` and
 * `on<type>` handler properties, and @libp2p/webrtc uses both (e.g. `pc.onconnectionstatechange`
 * and `pEvent(channel, 'open')`).
 */

/** An `on<type>` handler property as the shim stores it. */
export type Handler<E extends Event = Event> = ((this: unknown, event: E) => unknown) | null

/** Dispatches `event` to listeners, then to the `on<type>` handler of `target`, if any. */
export function fire(target: EventTarget, event: Event): void {
  target.dispatchEvent(event)
  const handler = (target as unknown as Record<string, unknown>)[`on${event.type}`]
  if (typeof handler === 'function') handler.call(target, event)
}

/** An `Event` of `type` carrying extra read-only fields (`candidate`, `channel`, `error`). */
export function eventWith<T extends object>(type: string, fields: T): Event & T {
  const event = new Event(type)
  for (const [key, value] of Object.entries(fields))
    Object.defineProperty(event, key, { value, enumerable: true })
  return event as Event & T
}

/** A `DOMException` as the real API throws it, e.g. `InvalidStateError` for a send on a closed channel. */
export function domError(name: string, message: string): DOMException {
  return new DOMException(message, name)
}
