/**
 * Waits for the next task of the event loop, not a microtask: a responder sending a large answer
 * calls it between writes, so the transport gets its bytes out while the rest is read and encoded,
 * and other sessions on the same thread (an anchor's other users) are served meanwhile (issue 12).
 * `setImmediate` where it exists (Node); elsewhere a MessageChannel message (no 4 ms timer clamp).
 */
type Immediate = (fn: () => void) => unknown

/** The part of a MessageChannel this uses (core is built without the DOM's types). */
interface Channel {
  port1: { onmessage: (() => void) | null }
  port2: { postMessage(message: number): void }
}

const scope = globalThis as unknown as {
  setImmediate?: Immediate
  MessageChannel?: new () => Channel
  setTimeout(fn: () => void, ms: number): unknown
}
const immediate = scope.setImmediate

let channel: Channel | undefined
const waiting: (() => void)[] = []

function viaChannel(fn: () => void): void {
  if (channel === undefined) {
    channel = new (scope.MessageChannel as new () => Channel)()
    channel.port1.onmessage = () => waiting.shift()?.()
  }
  waiting.push(fn)
  channel.port2.postMessage(0)
}

/** Resolves in a later task of the event loop. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    if (immediate !== undefined) immediate(resolve)
    else if (scope.MessageChannel !== undefined) viaChannel(resolve)
    else scope.setTimeout(resolve, 0)
  })
}
