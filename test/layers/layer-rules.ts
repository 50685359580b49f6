/**
 * The layers of docs/design.md §2 as data, and a checker over one file's imports. Biome's
 * `noRestrictedImports` holds the same lines in the editor; this checker also knows that the UI
 * may take *types* only (never values) from the model's index `core/model/index.ts`, which a lint
 * pattern cannot say.
 */
import { posix } from 'node:path'

/** One import as written in a source file. */
export interface ImportRef {
  /** The repository-relative path of the importing file, e.g. `src/ui/rpc/client.ts`. */
  from: string
  /** The specifier as written, e.g. `../../core/api/index.ts`. */
  specifier: string
  /** `import type` / `export type` (erased at build time). */
  typeOnly: boolean
}

/** A broken layer rule. */
export interface LayerViolation extends ImportRef {
  target: string
  rule: string
}

type Rule = { layer: string; forbids: (target: string, ref: ImportRef) => string | undefined }

const under = (target: string, dir: string): boolean => target === dir || target.startsWith(`${dir}/`)

const RULES: Rule[] = [
  {
    layer: 'src/core',
    forbids: (t) =>
      ['src/worker', 'src/ui', 'relay-anchor'].some((d) => under(t, d))
        ? 'core imports nothing from worker, ui or relay-anchor'
        : t.startsWith('node:')
          ? 'core imports no Node built-ins'
          : undefined,
  },
  {
    layer: 'src/ui',
    forbids: (t, ref) => {
      if (under(t, 'src/worker') || under(t, 'relay-anchor'))
        return 'ui talks to the worker only through core/api'
      if (!under(t, 'src/core') || t === 'src/core/api/index.ts') return undefined
      if (t === 'src/core/model/index.ts' && ref.typeOnly) return undefined
      return 'ui reaches core only through core/api/index.ts (and types from core/model/index.ts)'
    },
  },
  {
    layer: 'src/worker',
    forbids: (t) =>
      under(t, 'src/ui') || under(t, 'relay-anchor')
        ? 'the worker imports nothing from ui or relay-anchor'
        : undefined,
  },
  {
    layer: 'relay-anchor',
    forbids: (t) =>
      under(t, 'src/ui') || under(t, 'src/worker') || under(t, 'src/core/app')
        ? 'the anchor imports no ui, worker or core/app'
        : undefined,
  },
]

/** Files the rules do not bind: tests and test support may reach across to set things up. */
export function isExempt(file: string): boolean {
  return (
    /\.(test|slow\.test|bench)\.ts$/.test(file) ||
    file.includes('/test-support/') ||
    file.includes('/testing/')
  )
}

/** The rule `ref` breaks, if any (relative specifiers are resolved against the importing file). */
export function checkImport(ref: ImportRef): LayerViolation | undefined {
  if (isExempt(ref.from)) return undefined
  const rule = RULES.find((r) => under(ref.from, r.layer))
  if (rule === undefined) return undefined
  const target = ref.specifier.startsWith('.')
    ? posix.normalize(posix.join(posix.dirname(ref.from), ref.specifier))
    : ref.specifier
  const broken = rule.forbids(target, ref)
  return broken === undefined ? undefined : { ...ref, target, rule: broken }
}

/** Every static import, re-export and dynamic `import('…')` of a TypeScript source text. */
export function importsOf(from: string, source: string): ImportRef[] {
  const refs: ImportRef[] = []
  const statement = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm
  for (const m of source.matchAll(statement)) {
    refs.push({ from, specifier: m[3] as string, typeOnly: m[2] !== undefined })
  }
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    refs.push({ from, specifier: m[1] as string, typeOnly: false })
  }
  return refs
}
