/** Writes docs/protocol/vectors/hosting.json from `buildHostingVectors` (run with tsx). */
import { writeFile } from 'node:fs/promises'
import { buildHostingVectors } from './vectors.ts'

const out = new URL('../../../../docs/protocol/vectors/hosting.json', import.meta.url)
await writeFile(out, `${JSON.stringify(await buildHostingVectors(), null, 2)}\n`)
