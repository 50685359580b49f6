/**
 * docs/house-rules.md §7 as a checker: a folder's `index.ts` is its public API and the only way in
 * from outside the folder. A file may import anything in its own folder or an enclosing one (a
 * subfolder is inside its parent); a file at a layer root (`src/core/errors.ts`) belongs to no
 * folder API and is reached directly. A deep import that an index would turn into an import cycle
 * stays, with a `// deep import: <why>` comment on the line above it.
 */
import { posix } from 'node:path'
import { isExempt } from './layer-rules.ts'

/** Folders whose files are reached directly: the layer roots, which hold a few top-level modules. */
export const LAYER_ROOTS = ['src', 'src/core', 'src/ui', 'src/worker', 'relay-anchor/src']

/** One relative import that goes around a folder's index. */
export interface IndexBypass {
  from: string
  specifier: string
  target: string
  line: number
}

const inside = (file: string, dir: string): boolean => {
  const d = posix.dirname(file)
  return d === dir || d.startsWith(`${dir}/`)
}

/** Every relative import of `source` (file `from`) that reaches into another folder past its `index.ts`. */
export function indexBypasses(from: string, source: string): IndexBypass[] {
  if (isExempt(from)) return []
  const found: IndexBypass[] = []
  const lines = source.split('\n')
  const statement =
    /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.[^'"]*)['"]|\bimport\(\s*['"](\.[^'"]*)['"]\s*\)/gm
  for (const m of source.matchAll(statement)) {
    const specifier = (m[1] ?? m[2]) as string
    const target = posix.normalize(posix.join(posix.dirname(from), specifier))
    const dir = posix.dirname(target)
    if (posix.basename(target) === 'index.ts' || inside(from, dir) || LAYER_ROOTS.includes(dir)) continue
    const line = source.slice(0, (m.index ?? 0) + m[0].search(/\S/)).split('\n').length
    if (/\/\/\s*deep import:/.test(lines[line - 2] ?? '')) continue
    found.push({ from, specifier, target, line })
  }
  return found
}
