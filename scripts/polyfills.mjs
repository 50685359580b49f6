// Node 20 lacks what libp2p 3 expects of a runtime (docs/design.md §10). Node 22+ needs none of this.
import { WebSocket } from 'ws'

if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve
    let reject
    const promise = new Promise((res, rej) => {
      resolve = res
      reject = rej
    })
    return { promise, resolve, reject }
  }
}
if (typeof globalThis.WebSocket === 'undefined') globalThis.WebSocket = WebSocket
