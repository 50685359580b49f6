/** Writes docs/protocol/vectors/replicas.json from `buildReplicaVectors` (run with tsx). */
import { writeFile } from 'node:fs/promises'
import { buildReplicaVectors } from './vectors.ts'

const out = new URL('../../../../docs/protocol/vectors/replicas.json', import.meta.url)
await writeFile(out, `${JSON.stringify(await buildReplicaVectors(), null, 2)}\n`)
