/**
 * Bundled into a page by bench/chromium-verify.ts: creates signed posts, then verifies them with
 * the model's `verifyPost` (WebCrypto Ed25519 in Chromium), one at a time, 32 and 512 (a sync batch) at
 * once; and the parts of it alone: WebCrypto signature checks with an imported key, 1 to 256 in flight (a post needs two), the
 * post id (canonical CBOR + BLAKE3), and how much of `subtle.verify` runs before it returns. Last,
 * 512 at once with the product's verifier threads (src/worker/verify), as many as the app starts.
 */
import { ed25519Best, offloadVerify } from '../../src/core/crypto/index.ts'
import { computePostId, createPost, generateIdentity, verifyPost } from '../../src/core/model/index.ts'
import type { SignedPost } from '../../src/core/model/types.ts'
import { VerifyPool } from '../../src/worker/verify/index.ts'

async function rate(posts: readonly SignedPost[], batch: number): Promise<number> {
  const now = Date.now()
  const start = performance.now()
  for (let i = 0; i < posts.length; i += batch) {
    await Promise.all(posts.slice(i, i + batch).map((p) => verifyPost(p, now)))
  }
  return (posts.length * 1000) / (performance.now() - start)
}

/** How many `subtle.verify` calls the signature rate is measured with at once. */
export const IN_FLIGHT = [1, 8, 64, 256] as const

/**
 * Signature checks per second with one imported key, `inFlight` calls at a time; `syncShare`: time
 * spent inside the calls before they return / total (near 1 when Chromium checks on the calling thread).
 */
async function signatureRate(n: number, inFlight: number): Promise<{ perSecond: number; syncShare: number }> {
  const alg = { name: 'Ed25519' }
  const pair = (await crypto.subtle.generateKey(alg, false, ['sign', 'verify'])) as CryptoKeyPair
  const msg = new Uint8Array(47)
  const sig = new Uint8Array(await crypto.subtle.sign(alg, pair.privateKey, msg))
  let inside = 0
  const start = performance.now()
  for (let i = 0; i < n; i += inFlight) {
    const issuing = performance.now()
    const pending: Promise<boolean>[] = []
    for (let j = i; j < Math.min(n, i + inFlight); j++)
      pending.push(crypto.subtle.verify(alg, pair.publicKey, sig, msg))
    inside += performance.now() - issuing
    await Promise.all(pending)
  }
  const total = performance.now() - start
  return { perSecond: (n * 1000) / total, syncShare: inside / total }
}

/** Post ids computed per second (canonical CBOR of the post + BLAKE3, as verifyPost does). */
function idRate(posts: readonly SignedPost[]): number {
  const start = performance.now()
  for (const p of posts) computePostId(p.post)
  return (posts.length * 1000) / (performance.now() - start)
}

/** verifyPost 512 at once with `threads` verifier threads from `threadUrl` (as src/ui/rpc/connect.ts starts them). */
async function pooledRate(posts: readonly SignedPost[], threadUrl: string, threads: number): Promise<number> {
  const pool = new VerifyPool({ local: ed25519Best.verify })
  const workers = Array.from({ length: threads }, () => new Worker(threadUrl))
  for (const w of workers) {
    const channel = new MessageChannel()
    w.postMessage(null, [channel.port1])
    pool.attach(channel.port2)
  }
  offloadVerify((pub, msg, sig) => pool.verify(pub, msg, sig))
  try {
    for (let i = 0; i < 200 && pool.ready < threads; i++) await new Promise((r) => setTimeout(r, 10))
    if (pool.ready < threads) throw new Error(`verifier threads: ${pool.ready} of ${threads} loaded`)
    await rate(posts.slice(0, 512), 512) // the threads compile
    return await rate(posts, 512)
  } finally {
    offloadVerify()
    for (const w of workers) w.terminate()
  }
}

/** Posts verified per second, one at a time, 32 and 512 concurrent, over `n` posts by 10 authors; and the parts. */
async function runVerifyBench(
  n: number,
  threadUrl: string,
  threads: number,
): Promise<{
  single: number
  concurrent: number
  batched: number
  pooled: number
  signatures: { inFlight: number; perSecond: number; syncShare: number }[]
  ids: number
}> {
  const authors = Array.from({ length: 10 }, () => generateIdentity())
  const posts: SignedPost[] = []
  for (let i = 0; i < n; i++) {
    const identity = authors[i % authors.length] as (typeof authors)[number]
    posts.push(
      await createPost(
        { identity, content: `post ${i}`, attachments: [], created_at: Date.now() - 60_000 + i },
        { type: 'public' },
      ),
    )
  }
  await rate(posts.slice(0, 200), 32) // warm-up: keys imported, code compiled
  const single = await rate(posts, 1)
  const concurrent = await rate(posts, 32)
  const batched = await rate(posts, 512)
  const signatures = []
  for (const inFlight of IN_FLIGHT) signatures.push({ inFlight, ...(await signatureRate(n * 2, inFlight)) })
  const pooled = await pooledRate(posts, threadUrl, threads)
  return { single, concurrent, batched, pooled, signatures, ids: idRate(posts) }
}

;(globalThis as unknown as { runVerifyBench: typeof runVerifyBench }).runVerifyBench = runVerifyBench
