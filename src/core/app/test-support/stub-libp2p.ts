/**
 * A recording stand-in for the libp2p node the network units use (unit tests only): it keeps every
 * event listener, protocol handler, topic validator and gossipsub listener it is given, so a test
 * can check that a unit's `stop` removed all of them. It has no connections; dials are counted.
 */
import type { DistsocLibp2p } from '../../net/index.ts'

type Listener = (evt: { detail: unknown }) => void

/** What the stub recorded, live. */
export interface StubLibp2pState {
  /** Event type → listeners currently added (libp2p events). */
  listeners: Map<string, Set<Listener>>
  /** Gossipsub event type → listeners currently added. */
  pubsubListeners: Map<string, Set<Listener>>
  /** Protocols currently handled. */
  handlers: Set<string>
  /** Gossipsub topic validators currently installed. */
  topicValidators: Map<string, unknown>
  subscribed: Set<string>
  dials: number
  stopped: boolean
}

function add(map: Map<string, Set<Listener>>, type: string, fn: Listener): void {
  const set = map.get(type) ?? new Set()
  set.add(fn)
  map.set(type, set)
}

/** Every listener, handler and validator still registered, as readable names (empty: nothing left). */
export function leftovers(state: StubLibp2pState): string[] {
  const out: string[] = []
  for (const [type, set] of state.listeners) if (set.size > 0) out.push(`listener ${type} ×${set.size}`)
  for (const [type, set] of state.pubsubListeners) if (set.size > 0) out.push(`pubsub ${type} ×${set.size}`)
  for (const p of state.handlers) out.push(`handler ${p}`)
  for (const t of state.topicValidators.keys()) out.push(`validator ${t}`)
  return out
}

/** A stub libp2p and its recorded state. */
export function stubLibp2p(): { libp2p: DistsocLibp2p; state: StubLibp2pState } {
  const state: StubLibp2pState = {
    listeners: new Map(),
    pubsubListeners: new Map(),
    handlers: new Set(),
    topicValidators: new Map(),
    subscribed: new Set(),
    dials: 0,
    stopped: false,
  }
  const pubsub = {
    topicValidators: state.topicValidators,
    subscribe: (topic: string) => state.subscribed.add(topic),
    unsubscribe: (topic: string) => state.subscribed.delete(topic),
    publish: async () => ({ recipients: [] }),
    addEventListener: (type: string, fn: Listener) => add(state.pubsubListeners, type, fn),
    removeEventListener: (type: string, fn: Listener) => state.pubsubListeners.get(type)?.delete(fn),
  }
  const libp2p = {
    services: { pubsub },
    addEventListener: (type: string, fn: Listener) => add(state.listeners, type, fn),
    removeEventListener: (type: string, fn: Listener) => state.listeners.get(type)?.delete(fn),
    handle: async (protocol: string) => {
      state.handlers.add(protocol)
    },
    unhandle: async (protocol: string) => {
      state.handlers.delete(protocol)
    },
    getConnections: () => [],
    getPeers: () => [],
    dial: async () => {
      state.dials++
      throw new Error('stub libp2p: no network')
    },
    dialProtocol: async () => {
      state.dials++
      throw new Error('stub libp2p: no network')
    },
    stop: async () => {
      state.stopped = true
    },
  }
  return { libp2p: libp2p as unknown as DistsocLibp2p, state }
}

/** Dispatches a libp2p event to the listeners currently added. */
export function emitEvent(state: StubLibp2pState, type: string, detail: unknown): number {
  const set = state.listeners.get(type) ?? new Set()
  for (const fn of set) fn({ detail })
  return set.size
}

/** Dispatches a gossipsub event to the listeners currently added. */
export function emitPubsub(state: StubLibp2pState, type: string, detail: unknown): number {
  const set = state.pubsubListeners.get(type) ?? new Set()
  for (const fn of set) fn({ detail })
  return set.size
}
