/**
 * Writes the protocol vector files of docs/protocol/vectors/ (frozen once, then only changed on
 * purpose; each `*.test.ts` here checks the code still reproduces them exactly):
 *   npx tsx test/protocol/generate.ts            (all)
 *   npx tsx test/protocol/generate.ts framing    (one)
 */
import { writeFileSync } from 'node:fs'
import { BUILDERS } from './build/index.ts'

async function main(): Promise<void> {
  const only = process.argv[2]
  for (const [name, build] of Object.entries(BUILDERS)) {
    if (only !== undefined && only !== name) continue
    const path = new URL(`../../docs/protocol/vectors/${name}.json`, import.meta.url)
    writeFileSync(path, `${JSON.stringify(await build(), null, 2)}\n`)
    process.stdout.write(`wrote docs/protocol/vectors/${name}.json\n`)
  }
}

void main()
