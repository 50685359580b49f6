/**
 * The UI harness page (test-only): the real `<ds-app>` over the in-page FakeNode. Query string:
 * `?setup=1` first-run, `?posts=N`, `?empty=1`, `?latency=ms`. `window.fakeNode` lets tests push events.
 */
import '../../src/ui/components/ds-app.ts'
import { FakeNode } from './fake-node.ts'

const q = new URLSearchParams(location.search)
const node = new FakeNode({
  needsSetup: q.get('setup') === '1',
  posts: Number(q.get('posts') ?? 40),
  empty: q.get('empty') === '1',
  latency: Number(q.get('latency') ?? 0),
})
declare global {
  interface Window {
    fakeNode: FakeNode
    harnessReadyAt: number
  }
}
window.fakeNode = node
const app = document.querySelector('ds-app')!
app.client = node
window.harnessReadyAt = performance.now()
