/** What the units of the network runtime share (docs/design.md §5–§6): each has one job and a `stop`. */
import type { Libp2pEvents } from '@libp2p/interface'
import type { DistsocLibp2p } from '../../net/index.ts'
import type { NodeContext } from '../node-context.ts'

/** A running unit: `stop` removes its listeners and timers; calling it twice is harmless. */
export interface NetworkUnit {
  stop(): void | Promise<void>
}

/** The node and its libp2p, as every unit sees them. */
export interface UnitContext {
  ctx: NodeContext
  libp2p: DistsocLibp2p
}

/** The event side of libp2p that units listen on (a stub in unit tests). */
export type Libp2pEventTarget = Pick<DistsocLibp2p, 'addEventListener' | 'removeEventListener'>

/** Adds a libp2p event listener and returns the function that removes it. */
export function listen<K extends keyof Libp2pEvents>(
  libp2p: Libp2pEventTarget,
  type: K,
  handler: (evt: Libp2pEvents[K]) => void,
): () => void {
  libp2p.addEventListener(type, handler)
  return () => libp2p.removeEventListener(type, handler)
}
