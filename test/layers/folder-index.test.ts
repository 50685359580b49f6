import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { indexBypasses } from './folder-index.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path)
    return e.name.endsWith('.ts') ? [path] : []
  })
}

describe("a folder's index.ts is the only way in from outside it (docs/house-rules.md §7)", () => {
  it('flags an import that reaches past an index into another folder', () => {
    const cases: Array<[string, string]> = [
      ['src/core/sync/x.ts', "import type { NodeId } from '../model/types.ts'"],
      ['src/core/app/x.ts', "import { runPulls } from './network/pulls.ts'"],
      ['src/ui/components/x.ts', "import { sharedStyles } from '../styles/shared.ts'"],
      ['relay-anchor/src/x.ts', "import {\n  a,\n} from '../../src/core/storage/open-store.ts'"],
      ['src/worker/x.ts', "const m = await import('../core/app/node-service.ts')"],
      ['src/core/sync/x.ts', "// a comment that is not a reason\nexport { isNews } from '../model/news.ts'"],
    ]
    for (const [from, source] of cases)
      expect(indexBypasses(from, source), `${from}: ${source}`).toHaveLength(1)
  })

  it('allows the index, the own folder, an enclosing folder, a layer root and a commented deep import', () => {
    const cases: Array<[string, string]> = [
      ['src/core/sync/x.ts', "import type { NodeId } from '../model/index.ts'"],
      ['src/core/sync/x.ts', "import { frame } from './codec.ts'"],
      ['src/core/app/network/x.ts', "import type { NodeContext } from '../node-context.ts'"],
      ['src/core/sync/x.ts', "import { ValidationError } from '../errors.ts'"],
      ['src/core/sync/x.ts', "import { z } from 'zod'"],
      [
        'src/core/sync/x.ts',
        "// deep import: the index would import this file back\nimport { a } from '../app/b.ts'",
      ],
      ['src/core/sync/x.test.ts', "import { a } from '../app/b.ts'"],
    ]
    for (const [from, source] of cases) expect(indexBypasses(from, source), `${from}: ${source}`).toEqual([])
  })

  it('holds for every source file in the repository', () => {
    const found = ['src', 'relay-anchor']
      .flatMap(sourceFiles)
      .flatMap((file) => indexBypasses(file, readFileSync(join(root, file), 'utf8')))
    expect(found.map((b) => `${b.from}:${b.line} → ${b.specifier}`)).toEqual([])
  })
})
