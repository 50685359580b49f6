/**
 * Prints a vector file, to be frozen once and then only changed on purpose:
 *   npx tsx src/core/model/test-support/generate-vectors.ts post > src/core/model/vectors/post.json
 *   npx tsx src/core/model/test-support/generate-vectors.ts envelope > src/core/model/vectors/envelope.json
 */
import { buildEnvelopeVectors, buildPostVectors } from './vectors.ts'

const which = process.argv[2]
const vectors =
  which === 'post' ? await buildPostVectors() : which === 'envelope' ? await buildEnvelopeVectors() : null
if (vectors === null) {
  process.stderr.write('usage: generate-vectors.ts post|envelope\n')
  process.exitCode = 2
} else {
  process.stdout.write(`${JSON.stringify(vectors, null, 2)}\n`)
}
