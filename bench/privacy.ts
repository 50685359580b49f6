/**
 * Privacy figures (issue 10): how fast a DM reaches an online recipient now that it travels by
 * direct notice instead of the public topic, and how many bytes a hello to an anchor costs now
 * that it names only the follows who list that anchor. Real NodeServices on sql.js and libp2p in
 * Node, through a real in-process anchor on 127.0.0.1.
 */
import initSqlJs from 'sql.js'
import { type RunningAnchor, startAnchor } from '../relay-anchor/src/anchor.ts'
import { helloWants } from '../src/core/app/network/hello-scope.ts'
import type { NodeContext } from '../src/core/app/node-context.ts'
import { memorySecretWrapper } from '../src/core/app/test-support/memory-secret-wrapper.ts'
import { generateIdentity, signProfile } from '../src/core/model/index.ts'
import type { NodeId } from '../src/core/model/types.ts'
import { silentLogger } from '../src/core/net/index.ts'
import { createSqlJsDriver, openStore } from '../src/core/storage/index.ts'
import { encodeFrame } from '../src/core/sync/codec.ts'
import { nodeIdToKey } from '../src/core/sync/node-id-key.ts'
import { fingerprint } from '../src/core/sync/reconcile.ts'
import { eventually, startUser, type TestUser } from '../test/integration/node-harness.ts'
import type { BenchFigure, BenchSection } from './types.ts'

const SAMPLES = Number(process.env.PRIVACY_SAMPLES ?? 20)

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

/** Bytes of the hello frame naming `wants` (each with the fingerprint of an empty set, as on first contact). */
function helloBytes(wants: readonly NodeId[]): number {
  const empty = fingerprint([])
  return encodeFrame({ type: 'hello', v: 1, wants: wants.map((id) => [nodeIdToKey(id), empty]) }).length
}

/** The hello to an anchor from a user with 100 follows, 10 of whose signed profiles list it. */
async function helloFigures(): Promise<BenchFigure[]> {
  const SQL = await initSqlJs()
  const anchor = generateIdentity().nodeId
  const other = generateIdentity().nodeId
  const addr = (id: NodeId) => `/dns4/anchor.example/tcp/443/wss/p2p/${id}`
  const ctx: NodeContext = {
    store: openStore(createSqlJsDriver(new SQL.Database())),
    clock: { now: () => Date.now() },
    logger: silentLogger,
    bootstrap: { anchors: [] },
    emit: () => {},
    identity: generateIdentity(),
    secrets: memorySecretWrapper(),
  }
  const follows: NodeId[] = []
  for (let i = 0; i < 100; i++) {
    const who = generateIdentity()
    follows.push(who.nodeId)
    ctx.store.follow(who.nodeId)
    const signed = await signProfile(who, {
      v: 1,
      author: who.nodeId,
      display_name: `follow ${i}`,
      bio: '',
      anchors: [addr(i < 10 ? anchor : other)],
      updated_at: Date.now() - 1000,
    })
    ctx.store.putProfile(signed as never)
  }
  const wants = helloWants(ctx, anchor)
  const now = helloBytes(wants)
  const before = helloBytes([ctx.identity!.nodeId, ...follows])
  return [
    {
      name: 'hello to an anchor, 100 follows of whom 10 list it',
      value: now,
      unit: 'B',
      comparedTo: `before issue 10 (self + all 100 follows): ${before} B; names ${wants.length} authors`,
      meetsTarget: wants.length === 11,
    },
  ]
}

async function user(name: string, anchor: RunningAnchor): Promise<TestUser> {
  // maintenance once a minute, so only a push (topic or notice) brings news while measuring
  const u = await startUser(name, [anchor.multiaddrs[0]!], { maintainEveryMs: 60_000 })
  await u.call('identity.create', { display_name: name, bio: '' })
  return u
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 2))
  }
  throw new Error(`not visible within ${ms} ms`)
}

function figure(name: string, samples: number[], comparedTo: string, target?: number): BenchFigure[] {
  const sorted = [...samples].sort((a, b) => a - b)
  const p50 = quantile(sorted, 0.5)
  const p95 = quantile(sorted, 0.95)
  return [
    { name: `${name} p50`, value: Math.round(p50), unit: 'ms', comparedTo },
    {
      name: `${name} p95`,
      value: Math.round(p95),
      unit: 'ms',
      comparedTo: target === undefined ? comparedTo : `target p95 ≤ ${target} ms (issue 10)`,
      ...(target === undefined ? {} : { meetsTarget: p95 <= target }),
      note: `${samples.length} samples`,
    },
  ]
}

/** Post → visible for an online recipient: a DM by notice, and a public post by the topic. */
async function latencyFigures(): Promise<BenchFigure[]> {
  const anchor = await startAnchor({ logLevel: 'error' })
  const users: TestUser[] = []
  try {
    const alice = await user('AliceBench', anchor)
    const bob = await user('BobBench', anchor)
    users.push(alice, bob)
    const aliceId = (await alice.call('node.status', {})).node_id as NodeId
    const bobId = (await bob.call('node.status', {})).node_id as NodeId
    await bob.call('follow.add', { target: aliceId })
    await eventually(async () => (await bob.call('node.status', {})).connections > 0)
    await eventually(async () => (await alice.call('node.status', {})).connections > 0)
    // both in the anchor's mesh before the first sample
    await new Promise((r) => setTimeout(r, 2000))

    const dm: number[] = []
    for (let i = 0; i < SAMPLES; i++) {
      const text = `bench dm ${i} ${Date.now()}`
      const sent = performance.now()
      await alice.call('messages.send', { to: bobId, content: text })
      await waitFor(
        async () => (await bob.call('messages.threads', {})).some((t) => t.last_preview === text),
        10_000,
      )
      dm.push(performance.now() - sent)
      await new Promise((r) => setTimeout(r, 200))
    }
    const topic: number[] = []
    for (let i = 0; i < SAMPLES; i++) {
      const text = `bench public ${i} ${Date.now()}`
      const seen = bob.events.length
      const sent = performance.now()
      await alice.call('post.create', { content: text, intent: { type: 'public' }, attachments: [] })
      await waitFor(
        () =>
          bob.events
            .slice(seen)
            .some(
              (e) =>
                (e.type === 'post.added' && e.post.content === text) ||
                (e.type === 'posts.added' && e.posts.some((p) => p.content === text)),
            ),
        10_000,
      )
      topic.push(performance.now() - sent)
      await new Promise((r) => setTimeout(r, 200))
    }
    return [
      ...figure(
        'DM post → visible, online recipient, by direct notice through the anchor (after)',
        dm,
        'after issue 10',
        1000,
      ),
      ...figure(
        'post → visible by the public-topic push (the path DMs took before issue 10), public post',
        topic,
        'before: DMs were announced on the topic and pulled like this',
      ),
    ]
  } finally {
    await Promise.allSettled(users.map((u) => u.stop()))
    await anchor.stop()
  }
}

/** The privacy section of the bench. */
export async function runPrivacyBench(): Promise<BenchSection> {
  return { title: 'Privacy (issue 10)', figures: [...(await helloFigures()), ...(await latencyFigures())] }
}
