/**
 * The UI harness page (test-only): the real `<ds-app>` over the real node running in the page
 * (harness-node.ts), seeded by real nodes of other people (seed-world.ts). Query string:
 * `?setup=1` first run (no identity), `?posts=N`, `?empty=1`, `?groups=1`. `window.uiHarness` lets tests read
 * the calls the UI made and make the seeded people write.
 */
import type { FeedCursor } from '../../src/core/api/index.ts'
import '../../src/ui/components/ds-app.ts'
import { type HarnessNode, startHarnessNode } from './harness-node.ts'
import { type SeedPerson, seedPerson } from './seed-people.ts'
import { dmLive, postLive, renameLive, seedWorld, type World } from './seed-world.ts'

/** The performance mark set when the node is seeded and the app gets its client (bench/ui.ts). */
const SEEDED_MARK = 'ui-harness-seeded'
const q = new URLSearchParams(location.search)

async function start(): Promise<{ node: HarnessNode; world: World | undefined }> {
  const node = await startHarnessNode()
  const world =
    q.get('setup') === '1'
      ? undefined
      : await seedWorld(node, {
          posts: Number(q.get('posts') ?? 40),
          empty: q.get('empty') === '1',
          groups: q.get('groups') === '1',
        })
  await node.settle()
  performance.mark(SEEDED_MARK)
  document.querySelector('ds-app')!.client = node.recording
  return { node, world }
}

const started = start()

/** The seeded person `world[group][index]` and the node, or a clear error. */
async function seeded(
  group: 'follows' | 'known',
  index: number,
): Promise<{ node: HarnessNode; person: SeedPerson }> {
  const { node, world } = await started
  const person = world?.[group][index]
  if (person === undefined) throw new Error(`no ${group} number ${index}`)
  return { node, person }
}

const uiHarness = {
  /** Resolves once the node runs, is seeded and the app has its client; rejects with why not. */
  ready: started.then(() => true),
  /** The method names the UI called, in order. */
  async calls(): Promise<{ method: string; params: unknown }[]> {
    return (await started).node.calls
  },
  /** Follow number `index` writes a public post that reaches the node now. */
  async postLive(index: number, content: string): Promise<void> {
    const { node, person } = await seeded('follows', index)
    await postLive(node, person, content)
  },
  /** Follow number `index` sends you a direct message that reaches the node now. */
  async dmLive(index: number, content: string): Promise<void> {
    const { node, person } = await seeded('follows', index)
    await dmLive(node, person, content)
  },
  /** Follow number `index` renames themself (bio cleared) and the new profile reaches the node now. */
  async renameLive(index: number, displayName: string): Promise<void> {
    const { node, person } = await seeded('follows', index)
    await renameLive(node, person, displayName)
  },
  /** The NodeId of follow number `index` (to paste where a connect string goes). */
  async followId(index: number): Promise<string> {
    return (await seeded('follows', index)).person.id
  },
  /** The NodeId of known, not followed, person number `index`. */
  async knownId(index: number): Promise<string> {
    return (await seeded('known', index)).person.id
  },
  /**
   * Milliseconds the node took to answer each of `pages` successive home-feed pages of `limit`
   * posts, from the newest (bench/ui.ts: the node's share of a scroll, measured apart from the UI).
   */
  async feedPageMs(pages: number, limit: number): Promise<number[]> {
    const { node } = await started
    const times: number[] = []
    let before: FeedCursor | undefined
    for (let i = 0; i < pages; i++) {
      const t0 = performance.now()
      const page = await node.client.call('feed.page', {
        query: { type: 'home' },
        limit,
        ...(before === undefined ? {} : { before }),
      })
      times.push(performance.now() - t0)
      if (page.next === undefined) break
      before = page.next
    }
    return times
  },
  /** A real identity file of a fresh identity, sealed with `passphrase` (bytes as numbers). */
  async identityFile(passphrase: string): Promise<number[]> {
    const other = await seedPerson('Exported', '')
    const { file } = await other.call('identity.export', { passphrase })
    return [...file]
  },
}

declare global {
  interface Window {
    uiHarness: typeof uiHarness
  }
}
window.uiHarness = uiHarness
