/**
 * Re-measures the cards a `<lit-virtualizer>` reused for another item (issue 12). The virtualizer
 * measures a child when its ResizeObserver reports it: a new child always, a reused one only when
 * its size changed. A card reused for a post of the same height as its previous post, in a place
 * where the layout had only estimated the height, kept the estimate and overlapped its neighbour.
 * Observing the card afresh makes the observer report it like a new child, so it is measured.
 */
import { virtualizerRef } from '@lit-labs/virtualizer/virtualize.js'

/** The one private field this needs (@lit-labs/virtualizer 2.1, pinned by the lockfile). */
interface VirtualizerChildren {
  _childrenRO?: ResizeObserver | null
}

/**
 * Re-observes every child of `host` whose item key (`keyOf`) differs from the one it showed when
 * last seen, as recorded in `shown`; records the current ones.
 */
export function remeasureReused(
  host: Element,
  shown: WeakMap<Element, string>,
  keyOf: (child: Element) => string | undefined,
): void {
  const observer = (host as unknown as Record<symbol, VirtualizerChildren | undefined>)[virtualizerRef]
    ?._childrenRO
  for (const child of host.children) {
    const key = keyOf(child)
    if (key === undefined) continue
    const before = shown.get(child)
    shown.set(child, key)
    if (before === undefined || before === key || observer == null) continue
    observer.unobserve(child)
    observer.observe(child)
  }
}
