/**
 * The world the UI harness starts in (test-only): you, four people you follow, two people you know
 * of, a stranger called Mallory; their public, friends and circle posts, two conversations and a
 * message request; a circle and a custom feed of yours. Everything is written by real nodes
 * (seed-people.ts) and reaches yours as sync would deliver it.
 */
import type { PostView, VisibilityIntent } from '../../src/core/api/index.ts'
import type { RpcClient } from '../../src/ui/rpc/index.ts'
import type { HarnessNode } from './harness-node.ts'
import { seedGroups } from './seed-groups.ts'
import { deliver, type SeedPerson, seedPerson, signedPosts } from './seed-people.ts'

const FOLLOWS = ['Ada Lovelace', 'Grace Hopper', 'Alan Kay', 'Radia Perlman']
const KNOWN = ['Barbara Liskov', 'Ken Thompson']
const TEXTS = [
  'Morning climb at the crag — the fog lifted right as we topped out.',
  'Reading about range-based set reconciliation. Sync cost proportional to the difference is lovely.',
  'Bread attempt #4: finally an open crumb. https://example.org/recipes/sourdough has the schedule.',
  'Anyone running an anchor in Lisbon? Looking for a second one for my profile.',
  'Short one.',
  'Long thoughts on owning your own data: if the feed is computed on your device, nobody can sell it. That changes what a feed is for — it stops being a slot machine and goes back to being a list of what your friends said, newest first.',
]

/** How the harness page seeds its node. */
export interface WorldOptions {
  /** How many posts the follows wrote (default 40). */
  posts?: number
  /** Only you: no people, posts or messages. */
  empty?: boolean
  /** Also your group and an invitation to another (seed-groups.ts). */
  groups?: boolean
}

/** The seeded people, for tests that make them write more. */
export interface World {
  follows: SeedPerson[]
  known: SeedPerson[]
  mallory: SeedPerson | undefined
}

/** Creates your identity and, unless `empty`, everyone else and what they wrote. */
export async function seedWorld(node: HarnessNode, opts: WorldOptions = {}): Promise<World> {
  const { client } = node
  await client.call('identity.create', { display_name: 'You', bio: 'Testing distsoc' })
  if (opts.empty === true) return { follows: [], known: [], mallory: undefined }
  const me = (await client.call('node.status', {})).node_id!
  const follows = await Promise.all(
    FOLLOWS.map((name, i) => seedPerson(name, i % 2 === 0 ? `Hi, I am ${name.split(' ')[0]}.` : '')),
  )
  const known = await Promise.all(KNOWN.map((name) => seedPerson(name, '')))
  const mallory = await seedPerson('Mallory', '')
  await follows[0]!.call('profile.update', {
    display_name: 'Ada Lovelace',
    bio: 'Hi, I am Ada.',
    avatar: { bytes: await drawAvatar(), mime: 'image/png' },
  })
  for (const f of follows) {
    await f.call('follow.add', { target: me })
    await f.call('circles.create', { name: 'climbing', members: [me] })
    await client.call('follow.add', { target: f.id })
  }

  const written = new Map<SeedPerson, PostView[]>(follows.map((f) => [f, []]))
  const now = Date.now()
  const count = opts.posts ?? 40
  // Each author writes their share in order; the four write side by side.
  await Promise.all(
    follows.map(async (author, first) => {
      for (let i = first; i < count; i += follows.length) {
        const kind = i % 7
        const intent: VisibilityIntent =
          kind === 3
            ? { type: 'friends' }
            : kind === 5
              ? { type: 'circle', name: 'climbing' }
              : { type: 'public' }
        author.setTime(now - i * 17 * 60_000 - (i % 5) * 1000)
        const content = `${TEXTS[i % TEXTS.length]}${i >= TEXTS.length ? ` (#${i})` : ''}`
        written.get(author)!.push(await author.call('post.create', { content, intent, attachments: [] }))
      }
    }),
  )

  const [ada, grace] = follows as [SeedPerson, SeedPerson]
  ada.setTime(now - 3 * 3600_000)
  const dms = [await ada.call('messages.send', { to: me, content: 'Are you coming on Saturday?' })]
  ada.setTime(now - 3600_000)
  dms.push(await ada.call('messages.send', { to: me, content: 'See you at the crag?' }))
  grace.setTime(now - 86400_000)
  const thanks = await grace.call('messages.send', { to: me, content: 'Thanks!' })
  mallory.setTime(now - 7200_000)
  const spam = await mallory.call('messages.send', { to: me, content: 'hey, want free crypto?' })
  for (const p of [...follows, mallory]) p.setTime(undefined)

  for (const f of follows) await deliver(node.service, f, signedPosts(f, written.get(f)!))
  await deliver(node.service, ada, signedPosts(ada, dms))
  await deliver(node.service, grace, signedPosts(grace, [thanks]))
  await deliver(node.service, mallory, signedPosts(mallory, [spam]))
  for (const k of known) await deliver(node.service, k, [])
  await client.call('messages.markRead', { peer: grace.id })

  await ownSetup(client, follows)
  if (opts.groups === true) await seedGroups(node, follows)
  return { follows, known, mallory }
}

/** A 96×96 PNG drawn in the page: Ada's avatar (issue 16), so a real image shows beside her posts. */
async function drawAvatar(): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(96, 96)
  const g = canvas.getContext('2d')!
  const sky = g.createLinearGradient(0, 0, 0, 96)
  sky.addColorStop(0, '#f6b26b')
  sky.addColorStop(1, '#8e4fa8')
  g.fillStyle = sky
  g.fillRect(0, 0, 96, 96)
  g.fillStyle = '#2d2346'
  g.beginPath()
  g.moveTo(0, 96)
  g.lineTo(34, 44)
  g.lineTo(58, 70)
  g.lineTo(74, 52)
  g.lineTo(96, 96)
  g.fill()
  g.fillStyle = '#fff6d5'
  g.beginPath()
  g.arc(70, 26, 11, 0, Math.PI * 2)
  g.fill()
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer())
}

/** Your circle of two follows and a custom feed. */
async function ownSetup(client: RpcClient, follows: readonly SeedPerson[]): Promise<void> {
  await client.call('circles.create', { name: 'climbing', members: follows.slice(0, 2).map((f) => f.id) })
  await client.call('feeds.save', { feed: { id: 'f1', name: 'Bread', text: 'bread' } })
}

/** `author` writes a public post now and it reaches your node (a live arrival). */
export async function postLive(node: HarnessNode, author: SeedPerson, content: string): Promise<void> {
  const view = await author.call('post.create', { content, intent: { type: 'public' }, attachments: [] })
  await deliver(node.service, author, signedPosts(author, [view]))
}

/** `author` sends you a direct message now and it reaches your node (a live arrival). */
export async function dmLive(node: HarnessNode, author: SeedPerson, content: string): Promise<void> {
  const me = (await node.recording.call('node.status', {})).node_id!
  const view = await author.call('messages.send', { to: me, content })
  await deliver(node.service, author, signedPosts(author, [view]))
}

/** `author` renames themself now and the new profile reaches your node (a live profile update). */
export async function renameLive(node: HarnessNode, author: SeedPerson, displayName: string): Promise<void> {
  await author.call('profile.update', { display_name: displayName, bio: '' })
  await deliver(node.service, author, [])
}
