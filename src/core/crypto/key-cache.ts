/** A small bounded cache of imported WebCrypto keys, so a hot path imports each key once. */
import type { WebCryptoKey } from './web-crypto.ts'

/** Bounded map id → imported key (insertion-order eviction); a failed import is forgotten. */
export class KeyCache {
  readonly #max: number
  readonly #map = new Map<string, Promise<WebCryptoKey>>()
  constructor(max: number) {
    this.#max = max
  }
  /** The key cached under `id`, imported by `load` on a miss. */
  get(id: string, load: () => Promise<WebCryptoKey>): Promise<WebCryptoKey> {
    let hit = this.#map.get(id)
    if (hit === undefined) {
      hit = load()
      hit.catch(() => this.#map.delete(id))
      this.#map.set(id, hit)
      if (this.#map.size > this.#max) {
        const oldest = this.#map.keys().next().value
        if (oldest !== undefined) this.#map.delete(oldest)
      }
    }
    return hit
  }
}
