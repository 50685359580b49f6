/**
 * What the first paint loads (docs/design.md §8, bench/ui.ts `firstPaintBytes`): the entry and the
 * app shell it imports, followed through their static value imports. Crypto, CBOR and libp2p belong
 * to the worker, and the views, dialogs and scanners the feed does not show load with `import()`
 * when first used; one value import through an index that re-exports the model (as `LIMITS` once
 * did) put 60 KB of gzip into the first paint, which this walk catches without a build.
 */
import { readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { importsOf } from './layer-rules.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** The repository files and bare packages reached from `entries` through static, non-type imports. */
function staticGraph(entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>()
  const packages = new Set<string>()
  const queue = [...entries]
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (files.has(file)) continue
    files.add(file)
    const source = readFileSync(join(root, file), 'utf8')
    const dynamic = new Set([...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]))
    for (const ref of importsOf(file, source)) {
      if (ref.typeOnly || dynamic.has(ref.specifier)) continue
      const s = ref.specifier
      if (s.startsWith('.')) queue.push(posix.normalize(posix.join(posix.dirname(file), s)))
      else packages.add(s.startsWith('@') ? s.split('/', 2).join('/') : (s.split('/')[0] as string))
    }
  }
  return { files, packages }
}

const firstPaint = () => staticGraph(['src/ui/main.ts', 'src/ui/components/index.ts'])

describe('first-paint imports', () => {
  it('reach core only for the RPC contract, the error classes and the limits', () => {
    const core = [...firstPaint().files].filter((f) => f.startsWith('src/core/')).sort()
    expect(core).toEqual([
      'src/core/api/index.ts',
      'src/core/api/webrtc-protocol.ts',
      'src/core/errors.ts',
      'src/core/model/types.ts',
    ])
  })

  it('take no crypto, CBOR, libp2p or SQL package', () => {
    const heavy = ['@noble/', 'cborg', 'libp2p', '@libp2p/', 'multiformats', 'sql.js', '@chainsafe/']
    const found = [...firstPaint().packages].filter((p) => heavy.some((h) => p.startsWith(h)))
    expect(found).toEqual([])
  })
})
