/**
 * Entry point of the relay anchor: `npm run anchor -- --port <n> --data <dir> [--json]`.
 * Prints its addresses when ready (one JSON line with --json), logs JSON to stderr, and shuts down
 * gracefully on SIGINT/SIGTERM (exit 0). Bad arguments exit with code 2.
 */
import { parseCli, USAGE } from './cli.ts'

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseCli>
  try {
    parsed = parseCli(process.argv.slice(2), process.env)
  } catch (err) {
    console.error(`anchor: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`)
    return 2
  }
  if (parsed.kind === 'help') {
    console.log(USAGE)
    return 0
  }
  // handlers first: a signal during start-up still shuts down cleanly once the anchor is up
  let resolve: (code: number) => void = () => {}
  const done = new Promise<number>((r) => {
    resolve = r
  })
  let stopAnchor: (() => Promise<void>) | undefined
  let signalled: NodeJS.Signals | undefined
  const shutdown = (signal: NodeJS.Signals, stop: () => Promise<void>): void => {
    stop().then(
      () => resolve(0),
      (err: unknown) => {
        console.error(
          `anchor: shutdown after ${signal} failed: ${err instanceof Error ? err.message : String(err)}`,
        )
        resolve(1)
      },
    )
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    signalled = signal
    if (stopAnchor !== undefined) shutdown(signal, stopAnchor)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  // loaded only now so --help and bad arguments answer without loading libp2p
  const { startAnchor } = await import('./anchor.ts')
  const anchor = await startAnchor(parsed.config)
  stopAnchor = anchor.stop
  if (signalled !== undefined) {
    shutdown(signalled, anchor.stop)
    return done
  }
  if (parsed.json) {
    console.log(
      JSON.stringify({
        multiaddrs: anchor.multiaddrs,
        http: anchor.httpUrl,
        metrics: anchor.metricsUrl,
        nodeId: anchor.nodeId,
        ...(anchor.stunUrl === undefined ? {} : { stun: anchor.stunUrl }),
      }),
    )
  } else {
    console.log(`distsoc relay anchor ${anchor.nodeId}`)
    for (const addr of anchor.multiaddrs) console.log(`  listening on ${addr}`)
    console.log(`  health at ${anchor.httpUrl}/health, metrics at ${anchor.metricsUrl}/metrics`)
    if (anchor.stunUrl !== undefined) console.log(`  STUN (UDP) at ${anchor.stunUrl}`)
  }
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
