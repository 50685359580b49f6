import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { checkImport, importsOf } from './layer-rules.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path)
    return e.name.endsWith('.ts') ? [path] : []
  })
}

const violations = (from: string, source: string) =>
  importsOf(from, source).flatMap((ref) => checkImport(ref) ?? [])

describe('layer rules (docs/design.md §2)', () => {
  it('refuses a forbidden import in every layer', () => {
    const cases: Array<[string, string]> = [
      ['src/core/feed/x.ts', "import { serveNode } from '../../worker/serve-node.ts'"],
      ['src/core/feed/x.ts', "import { readFileSync } from 'node:fs'"],
      ['src/ui/components/x.ts', "import { openStore } from '../../core/storage/index.ts'"],
      ['src/ui/components/x.ts', "import { LIMITS } from '../../core/model/types.ts'"],
      ['src/ui/components/x.ts', "export { bootWorker } from '../../worker/boot.ts'"],
      ['src/ui/components/x.ts', "const m = await import('../../core/app/node-service.ts')"],
      ['src/ui/components/x.ts', "import type { NodeId } from '../../core/model/types.ts'"],
      ['src/ui/state/x.ts', "import { verifyPost } from '../../core/model/index.ts'"],
      ['src/ui/logic/x.ts', "import { type NodeId, verifyPost } from '../../core/model/index.ts'"],
      ['src/ui/rpc/x.ts', "import { RPC_METHODS } from '../../core/api/rpc.ts'"],
      ['src/ui/rpc/x.ts', "import type { PostView } from '../../core/api/views.ts'"],
      ['src/worker/x.ts', "import { RpcClient } from '../ui/rpc/index.ts'"],
      ['relay-anchor/src/x.ts', "import { isNews } from '../../src/core/app/network-runtime.ts'"],
      ['relay-anchor/src/x.ts', "import type { DsApp } from '../../src/ui/components/ds-app.ts'"],
      ['relay-anchor/src/x.ts', "import {\n  a,\n  b,\n} from '../../src/worker/node-host.ts'"],
    ]
    for (const [from, source] of cases) expect(violations(from, source), `${from}: ${source}`).toHaveLength(1)
  })

  it('allows what each layer may use', () => {
    const cases: Array<[string, string]> = [
      ['src/ui/components/x.ts', "import { LIMITS, type PostView } from '../../core/api/index.ts'"],
      ['src/ui/components/x.ts', "import type { NodeId, SignedPost } from '../../core/model/index.ts'"],
      ['src/worker/x.ts', "import { createNodeService } from '../core/app/node-service.ts'"],
      ['relay-anchor/src/x.ts', "import { isNews } from '../../src/core/sync/index.ts'"],
      ['src/worker/webrtc/x.test.ts', "import { WebRtcHost } from '../../ui/webrtc-host/webrtc-host.ts'"],
    ]
    for (const [from, source] of cases) expect(violations(from, source), `${from}: ${source}`).toEqual([])
  })

  it('holds for every source file in the repository', () => {
    const found = ['src', 'relay-anchor']
      .flatMap(sourceFiles)
      .flatMap((file) => violations(relative(root, join(root, file)), readFileSync(join(root, file), 'utf8')))
    expect(found.map((v) => `${v.from} → ${v.specifier}: ${v.rule}`)).toEqual([])
  })
})
