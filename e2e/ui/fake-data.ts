/** Deterministic sample data for the UI harness: valid-looking NodeIds, people, posts. Test-only. */
import type { PersonView, PostView } from '../../src/core/api/index.ts'
import type { Millis, NodeId, PostId } from '../../src/core/model/types.ts'

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** A NodeId-shaped string (12D3KooW + 44 base58 chars) derived from `seed`. */
export function fakeNodeId(seed: number): NodeId {
  let x = (seed * 2654435761 + 1) >>> 0
  let out = '12D3KooW'
  for (let i = 0; i < 44; i++) {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    out += B58[x % 58]
  }
  return out as NodeId
}

/** A 64-hex-char id from `seed`. */
export function fakeHexId(seed: number): string {
  let out = ''
  let x = (seed * 40503 + 7) >>> 0
  for (let i = 0; i < 64; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    out += (x >>> 16).toString(16).slice(-1)
  }
  return out
}

const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Kay', 'Radia Perlman', 'Barbara Liskov', 'Ken Thompson']
const TEXTS = [
  'Morning climb at the crag — the fog lifted right as we topped out.',
  'Reading about range-based set reconciliation. Sync cost proportional to the difference is lovely.',
  'Bread attempt #4: finally an open crumb. https://example.org/recipes/sourdough has the schedule.',
  'Anyone running an anchor in Lisbon? Looking for a second one for my profile.',
  'Short one.',
  'Long thoughts on owning your own data: if the feed is computed on your device, nobody can sell it. That changes what a feed is for — it stops being a slot machine and goes back to being a list of what your friends said, newest first.',
]

/** The people the harness knows: self, follows, gossip peers, a stranger with a hostile name. */
export function fakePeople(): PersonView[] {
  const people: PersonView[] = [
    {
      node_id: fakeNodeId(0),
      display_name: 'You',
      bio: 'Testing distsoc',
      anchors: [],
      following: false,
      relation: 'self',
    },
  ]
  NAMES.forEach((name, i) => {
    people.push({
      node_id: fakeNodeId(i + 1),
      display_name: name,
      bio: i % 2 === 0 ? `Hi, I am ${name.split(' ')[0]}.` : '',
      anchors: ['/dns4/anchor.example.org/tcp/443/wss'],
      following: i < 4,
      relation: i < 4 ? 'follow' : 'peer',
    })
  })
  people.push({
    node_id: fakeNodeId(99),
    display_name: 'Mallory',
    bio: '',
    anchors: [],
    following: false,
    relation: 'stranger',
  })
  return people
}

/** `count` public and encrypted posts by the follows, newest first, ending at `now`. */
export function fakePosts(count: number, people: PersonView[], now: Millis): PostView[] {
  const authors = people.filter((p) => p.relation === 'follow')
  const posts: PostView[] = []
  for (let i = 0; i < count; i++) {
    const author = authors[i % authors.length]!
    const kind = i % 7
    posts.push({
      id: fakeHexId(i + 1000) as PostId,
      author: author.node_id,
      author_name: author.display_name,
      created_at: now - i * 17 * 60_000 - (i % 5) * 1000,
      content: kind === 6 ? null : `${TEXTS[i % TEXTS.length]}${i >= TEXTS.length ? ` (#${i})` : ''}`,
      attachments: [],
      audience:
        kind === 3
          ? { type: 'friends' }
          : kind === 5
            ? { type: 'circle', name: 'climbing' }
            : kind === 6
              ? { type: 'encrypted', recipients: 3 }
              : { type: 'public' },
      is_own: false,
    })
  }
  return posts
}
