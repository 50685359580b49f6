/**
 * Entry point of the relay anchor: `npm run anchor -- --port <n> --data <dir> [--json]`.
 * Prints its addresses when ready (one JSON line with --json), logs JSON to stderr, and shuts down
 * gracefully on SIGINT/SIGTERM (exit 0). Bad arguments exit with code 2.
 */
import { parseCli, USAGE } from './cli.ts'

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseCli>
  try {
    parsed = parseCli(process.argv.slice(2))
  } catch (err) {
    console.error(`anchor: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`)
    return 2
  }
  if (parsed.kind === 'help') {
    console.log(USAGE)
    return 0
  }
  // loaded only now so --help and bad arguments answer without loading libp2p
  const { startAnchor } = await import('./anchor.ts')
  const anchor = await startAnchor(parsed.config)
  if (parsed.json) {
    console.log(
      JSON.stringify({ multiaddrs: anchor.multiaddrs, http: anchor.httpUrl, nodeId: anchor.nodeId }),
    )
  } else {
    console.log(`distsoc relay anchor ${anchor.nodeId}`)
    for (const addr of anchor.multiaddrs) console.log(`  listening on ${addr}`)
    console.log(`  health and metrics at ${anchor.httpUrl}/health, ${anchor.httpUrl}/metrics`)
  }
  let resolve: (code: number) => void = () => {}
  const done = new Promise<number>((r) => {
    resolve = r
  })
  const onSignal = (signal: NodeJS.Signals): void => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    anchor.stop().then(
      () => resolve(0),
      (err: unknown) => {
        console.error(
          `anchor: shutdown after ${signal} failed: ${err instanceof Error ? err.message : String(err)}`,
        )
        resolve(1)
      },
    )
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return done
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(
      `anchor: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    )
    process.exit(1)
  },
)
