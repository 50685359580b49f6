/**
 * Bundled into a page by bench/chromium-verify.ts: creates signed posts, then verifies them with
 * the model's `verifyPost` (WebCrypto Ed25519 in Chromium), one at a time and 32 at once; and the
 * parts of it alone: one WebCrypto signature check with an imported key (a post needs two), the
 * post id (canonical CBOR + BLAKE3), and how much of `subtle.verify` runs before it returns.
 */
import { computePostId, createPost, generateIdentity, verifyPost } from '../../src/core/model/index.ts'
import type { SignedPost } from '../../src/core/model/types.ts'

async function rate(posts: readonly SignedPost[], batch: number): Promise<number> {
  const now = Date.now()
  const start = performance.now()
  for (let i = 0; i < posts.length; i += batch) {
    await Promise.all(posts.slice(i, i + batch).map((p) => verifyPost(p, now)))
  }
  return (posts.length * 1000) / (performance.now() - start)
}

/** Signature checks per second with one imported key; `syncShare`: time spent inside the calls / total. */
async function signatureRate(n: number): Promise<{ perSecond: number; syncShare: number }> {
  const alg = { name: 'Ed25519' }
  const pair = (await crypto.subtle.generateKey(alg, false, ['sign', 'verify'])) as CryptoKeyPair
  const msg = new Uint8Array(47)
  const sig = new Uint8Array(await crypto.subtle.sign(alg, pair.privateKey, msg))
  const start = performance.now()
  const pending: Promise<boolean>[] = []
  for (let i = 0; i < n; i++) pending.push(crypto.subtle.verify(alg, pair.publicKey, sig, msg))
  const issued = performance.now()
  await Promise.all(pending)
  const total = performance.now() - start
  return { perSecond: (n * 1000) / total, syncShare: (issued - start) / total }
}

/** Post ids computed per second (canonical CBOR of the post + BLAKE3, as verifyPost does). */
function idRate(posts: readonly SignedPost[]): number {
  const start = performance.now()
  for (const p of posts) computePostId(p.post)
  return (posts.length * 1000) / (performance.now() - start)
}

/** Posts verified per second, one at a time and 32 concurrent, over `n` posts by 10 authors; and the parts. */
async function runVerifyBench(n: number): Promise<{
  single: number
  concurrent: number
  signatures: number
  syncShare: number
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
  const sig = await signatureRate(n)
  return { single, concurrent, signatures: sig.perSecond, syncShare: sig.syncShare, ids: idRate(posts) }
}

;(globalThis as unknown as { runVerifyBench: typeof runVerifyBench }).runVerifyBench = runVerifyBench
