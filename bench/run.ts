/**
 * `npm run bench`: runs every benchmark module of the project and writes a Markdown and a JSON
 * report (issue 6) with each figure, what it is compared against, and the machine it ran on.
 * `BENCH_ONLY=crypto,sync` runs a subset.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import type { BenchSection } from './types.ts'

interface BenchModule {
  key: string
  file: string
  run: string
}

const modules: BenchModule[] = [
  { key: 'crypto', file: './core-crypto.ts', run: 'runCryptoBench' },
  { key: 'verify-chromium', file: './chromium-verify.ts', run: 'runChromiumVerifyBench' },
  { key: 'storage', file: './core-storage.ts', run: 'runStorageBench' },
  { key: 'sync', file: './sync.ts', run: 'runSyncBench' },
  { key: 'revocation', file: './revocation.ts', run: 'runRevocationBench' },
  { key: 'groups', file: './groups.ts', run: 'runGroupsBench' },
  { key: 'replicas', file: './replicas.ts', run: 'runReplicasBench' },
  { key: 'privacy', file: './privacy.ts', run: 'runPrivacyBench' },
  { key: 'anchor', file: './anchor.ts', run: 'runAnchorBench' },
  { key: 'anchor-load', file: './anchor-load.ts', run: 'runAnchorLoadBench' },
  { key: 'worker', file: './worker.ts', run: 'runWorkerBench' },
  { key: 'ui', file: './ui.ts', run: 'runUiBench' },
  { key: 'e2e', file: './e2e.ts', run: 'runE2eBench' },
]

function machine(): Record<string, string | number> {
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    date: new Date().toISOString(),
  }
}

function toMarkdown(
  sections: BenchSection[],
  failures: string[],
  info: Record<string, string | number>,
): string {
  const lines = ['# distsoc benchmark report', '', '## Machine', '']
  for (const [k, v] of Object.entries(info)) lines.push(`- ${k}: ${v}`)
  for (const section of sections) {
    lines.push(
      '',
      `## ${section.title}`,
      '',
      '| figure | value | compared against | meets target | note |',
      '|---|---|---|---|---|',
    )
    for (const f of section.figures) {
      const verdict = f.meetsTarget === undefined ? '' : f.meetsTarget ? 'yes' : '**no**'
      const value = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(2)
      lines.push(`| ${f.name} | ${value} ${f.unit} | ${f.comparedTo} | ${verdict} | ${f.note ?? ''} |`)
    }
  }
  if (failures.length > 0)
    lines.push('', '## Modules that failed to run', '', ...failures.map((f) => `- ${f}`))
  return `${lines.join('\n')}\n`
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim())
  const sections: BenchSection[] = []
  const failures: string[] = []
  for (const mod of modules) {
    if (only !== undefined && !only.includes(mod.key)) continue
    const started = Date.now()
    process.stdout.write(`bench ${mod.key} … `)
    try {
      const loaded = (await import(mod.file)) as Record<string, () => Promise<BenchSection | BenchSection[]>>
      const run = loaded[mod.run]
      if (run === undefined) throw new Error(`${mod.file} does not export ${mod.run}`)
      const result = await run()
      sections.push(...(Array.isArray(result) ? result : [result]))
      process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
      failures.push(`${mod.key}: ${message}`)
      process.stdout.write(`failed: ${message}\n`)
    }
  }
  const info = machine()
  await mkdir(new URL('./report/', import.meta.url), { recursive: true })
  const markdown = toMarkdown(sections, failures, info)
  await writeFile(new URL('./report/report.md', import.meta.url), markdown)
  await writeFile(
    new URL('./report/report.json', import.meta.url),
    JSON.stringify({ machine: info, sections, failures }, null, 2),
  )
  process.stdout.write(`\n${markdown}\nwritten to bench/report/report.md and report.json\n`)
  process.exit(failures.length > 0 ? 1 : 0)
}

await main()
