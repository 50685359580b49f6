/**
 * Crypto and model benchmark (issue "Foundation"): Ed25519 (noble vs WebCrypto), BLAKE3, envelope
 * encryption for 1/50/500 recipients, decryption and verifyPost throughput. Returns figures only.
 */
import { availableParallelism, loadavg } from 'node:os'
import {
  blake3,
  ed25519Noble,
  ed25519PublicKey,
  ed25519WebCrypto,
  randomBytes,
  webCryptoEd25519Supported,
  webCryptoX25519Supported,
} from '../src/core/crypto/index.ts'
import {
  createPost,
  decryptContent,
  encryptForRecipients,
  generateIdentity,
  type NodeId,
  openContentKey,
  verifyPost,
} from '../src/core/model/index.ts'
import type { BenchFigure, BenchSection } from './types.ts'

const WINDOW_MS = 700
const BATCH = 32

/** Operations per second of `op`, run in concurrent batches of `batch` for about WINDOW_MS. */
async function opsPerSecond(op: () => Promise<unknown>, batch = 1): Promise<number> {
  const warmUntil = performance.now() + 200
  while (performance.now() < warmUntil) await op()
  let count = 0
  const start = performance.now()
  while (performance.now() - start < WINDOW_MS) {
    await Promise.all(Array.from({ length: batch }, op))
    count += batch
  }
  return Math.round((count * 1000) / (performance.now() - start))
}

/** Median milliseconds of `runs` runs of `op`. */
async function medianMs(op: () => Promise<unknown>, runs: number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await op()
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return Math.round((times[Math.floor(times.length / 2)] ?? 0) * 100) / 100
}

function nodeIds(n: number): NodeId[] {
  return Array.from({ length: n }, () => generateIdentity().nodeId)
}

async function signatureFigures(): Promise<BenchFigure[]> {
  const seed = randomBytes(32)
  const pub = ed25519PublicKey(seed)
  const msg = randomBytes(64)
  const sig = await ed25519Noble.sign(seed, msg)
  const figures: BenchFigure[] = []
  const impls = (await webCryptoEd25519Supported()) ? [ed25519Noble, ed25519WebCrypto] : [ed25519Noble]
  for (const impl of impls) {
    figures.push({
      name: `Ed25519 sign (${impl.name}, Node)`,
      value: await opsPerSecond(() => impl.sign(seed, msg), impl.name === 'webcrypto' ? BATCH : 1),
      unit: 'ops/s',
      comparedTo:
        impl.name === 'webcrypto' ? 'docs/design.md §10: 16k/s Node' : 'docs/design.md §10: 1.9k/s Node',
    })
    figures.push({
      name: `Ed25519 verify (${impl.name}, Node)`,
      value: await opsPerSecond(() => impl.verify(pub, msg, sig), impl.name === 'webcrypto' ? BATCH : 1),
      unit: 'ops/s',
      comparedTo:
        impl.name === 'webcrypto' ? 'docs/design.md §10 prototype' : 'docs/design.md §10: 0.9k/s Node',
    })
  }
  return figures
}

async function blake3Figure(): Promise<BenchFigure> {
  const data = randomBytes(1024 * 1024)
  const ms = await medianMs(async () => blake3(data), 7)
  return {
    name: 'BLAKE3 of 1 MB (noble, Node)',
    value: Math.round((1000 / ms) * 10) / 10,
    unit: 'MB/s',
    comparedTo: 'docs/design.md §10: ≈ 50 MB/s Node',
  }
}

async function envelopeFigures(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = []
  const author = generateIdentity()
  const text = 'x'.repeat(500)
  const bound = { author: author.nodeId, created_at: Date.now() }
  for (const n of [1, 50, 500]) {
    const warm = [author.nodeId, ...nodeIds(n - 1)]
    const encrypt = () =>
      encryptForRecipients({ ...bound, plaintext: text, attachments: [], recipients: warm })
    await encrypt()
    const ms = await medianMs(encrypt, n === 500 ? 7 : 15)
    figures.push({
      name: `Encrypt a post for ${n} recipient${n === 1 ? '' : 's'} (known NodeIds)`,
      value: ms,
      unit: 'ms',
      comparedTo: n === 500 ? 'target ≤ 60 ms' : 'informational',
      ...(n === 500 ? { meetsTarget: ms <= 60 } : {}),
    })
    if (n === 500) {
      const genStart = performance.now()
      const fresh = [author.nodeId, ...nodeIds(n - 1)]
      const genMs = performance.now() - genStart
      const t = performance.now()
      await encryptForRecipients({ ...bound, plaintext: text, attachments: [], recipients: fresh })
      figures.push({
        name: 'Encrypt a post for 500 recipients (NodeIds never seen before)',
        value: Math.round((performance.now() - t) * 100) / 100,
        unit: 'ms',
        comparedTo: 'target ≤ 60 ms',
        note: `includes parsing and Edwards→Montgomery conversion of 500 NodeIds (test identities took ${Math.round(genMs)} ms to make, not counted)`,
      })
    }
  }
  const recipients = [author.nodeId, ...nodeIds(49)]
  const enc = await encryptForRecipients({ ...bound, plaintext: text, attachments: [], recipients })
  figures.push({
    name: 'Decrypt a post (unwrap CEK among 50 + decrypt text)',
    value: await medianMs(
      async () => decryptContent(await openContentKey(author, bound, enc.visibility), enc.content, bound),
      30,
    ),
    unit: 'ms',
    comparedTo: 'informational',
  })
  return figures
}

async function verifyPostFigures(): Promise<BenchFigure[]> {
  const author = generateIdentity()
  const now = Date.now()
  const post = await createPost(
    {
      identity: author,
      content: 'a typical post of moderate length '.repeat(8),
      attachments: [],
      created_at: now,
    },
    { type: 'public' },
  )
  const figures: BenchFigure[] = []
  for (const batch of [1, BATCH]) {
    const value = await opsPerSecond(() => verifyPost(post, now), batch)
    figures.push({
      name: `verifyPost (public post: shape + id + 2 signatures, Node, ${batch === 1 ? 'one at a time' : `${batch} concurrent`})`,
      value,
      unit: 'posts/s',
      comparedTo: 'target ≥ 10k posts/s (Chromium, WebCrypto)',
      meetsTarget: value >= 10_000,
      note: 'measured in Node 20; the target is stated for Chromium',
    })
  }
  return figures
}

/** Runs the crypto benchmarks and returns their figures. */
export async function runCryptoBench(): Promise<BenchSection> {
  const figures: BenchFigure[] = [
    {
      name: 'WebCrypto fast paths available (Ed25519, X25519)',
      value: Number(await webCryptoEd25519Supported()) + Number(await webCryptoX25519Supported()),
      unit: 'of 2',
      comparedTo: 'Node 20 and Chromium support both',
      note: `1-minute load average at start: ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
    },
    ...(await signatureFigures()),
    await blake3Figure(),
    ...(await envelopeFigures()),
    ...(await verifyPostFigures()),
  ]
  return { title: 'Crypto and model (core/crypto, core/model)', figures }
}
