/**
 * Bundled into a page by bench/chromium-verify.ts: creates signed posts, then verifies them with
 * the model's `verifyPost` (WebCrypto Ed25519 in Chromium), one at a time and 32 at once.
 */
import { createPost, generateIdentity, verifyPost } from '../../src/core/model/index.ts'
import type { SignedPost } from '../../src/core/model/types.ts'

async function rate(posts: readonly SignedPost[], batch: number): Promise<number> {
  const now = Date.now()
  const start = performance.now()
  for (let i = 0; i < posts.length; i += batch) {
    await Promise.all(posts.slice(i, i + batch).map((p) => verifyPost(p, now)))
  }
  return (posts.length * 1000) / (performance.now() - start)
}

/** Posts verified per second, one at a time and 32 concurrent, over `n` posts by 10 authors. */
async function runVerifyBench(n: number): Promise<{ single: number; concurrent: number }> {
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
  return { single: await rate(posts, 1), concurrent: await rate(posts, 32) }
}

;(globalThis as unknown as { runVerifyBench: typeof runVerifyBench }).runVerifyBench = runVerifyBench
