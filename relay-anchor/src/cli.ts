/**
 * Command-line arguments of the anchor (`npm run anchor -- …`). `parseCli` never exits: it
 * returns a config, a help request, or a UsageError that `main.ts` turns into exit code 2.
 */
import { isIP } from 'node:net'
import { parseArgs } from 'node:util'
import { multiaddr } from '@multiformats/multiaddr'
import { ValidationError } from '../../src/core/errors.ts'
import type { AnchorConfig } from './config.ts'
import { LOG_LEVELS, type LogLevel } from './json-logger.ts'
import { checkMetricsExposure } from './metrics-server.ts'
import { DEFAULT_STUN_PORT } from './stun-server.ts'

/** Help text printed by `--help`. */
export const USAGE = `Usage: npm run anchor -- [options]

Runs a distsoc relay anchor: circuit relay, recent-connection cache, bootstrap and mailbox.

Options:
  --port <n>              WebSocket port (0 = any free port)            [default: 0]
  --host <ip>             interface to listen on                        [default: 127.0.0.1]
  --announce <multiaddr>  public address to announce, e.g. /dns4/anchor.example/tcp/443/wss
                          (repeatable; use behind a reverse proxy terminating TLS)
  --data <dir>            data directory (identity key, mailbox database)
  --http-port <n>         HTTP port of the public /health (0 = any)     [default: 0]
  --metrics-host <ip>     interface of the /metrics listener            [default: 127.0.0.1]
                          (off loopback it needs DISTSOC_METRICS_TOKEN, >= 16 characters,
                          sent by the scraper as "Authorization: Bearer <token>")
  --metrics-port <n>      port of the /metrics listener (0 = any)       [default: 0]
  --stun-port <n>         UDP port of the STUN server (0 = any free port) [default: 3478]
  --stun-host <ip>        interface of the STUN server (public)         [default: --host]
  --no-stun               do not serve STUN
  --anchor <multiaddr>    another anchor to hand out to new nodes (repeatable, with /p2p/<id>)
  --max-reservations <n>  concurrent relay reservations                 [default: 1024]
  --circuit-bytes <n>     bytes per relayed connection                  [default: 131072]
  --circuit-seconds <n>   lifetime of a relayed connection, seconds     [default: 120]
  --max-connections <n>   libp2p connection cap                         [default: 2000]
  --inbound-rate <n>      new connections per second from one host      [default: 200]
                          (behind a reverse proxy all come from 127.0.0.1)
  --host-connections <n>  open connections per client IP                [default: 64]
  --host-rate <n>         new connections per second per client IP      [default: 10]
  --host-reservations <n> relay reservations per client IP              [default: 8]
  --host-handshakes <n>   connections per client IP still in their handshake [default: 4]
  --limit-loopback        apply the three per-IP caps to 127.0.0.1 too (they are off for
                          loopback: behind a reverse proxy every client is 127.0.0.1)
  --exempt-host <ip>      the only IP exempt from the per-IP caps, e.g. the reverse proxy's
                          (repeatable; the rest of loopback is then capped like any host)
  --quota-bytes <n>       mailbox bytes per author                      [default: 67108864]
  --quota-posts <n>       mailbox posts per author                      [default: 10000]
  --recipient-bytes <n>   mailbox bytes per recipient's inbox           [default: 16777216]
  --recipient-posts <n>   mailbox posts per recipient's inbox           [default: 2000]
  --total-bytes <n>       mailbox bytes in all                          [default: 8589934592]
  --total-posts <n>       mailbox posts in all                          [default: 2000000]
  --check-in-interval <s> least seconds between two check-ins of a peer [default: 60]
  --offender-cool-down <s>
                          seconds a stranger that sent a bad frame is refused, by IP and by
                          peer id (0: it is never cut or refused)       [default: 60]
  --log-level <level>     debug | info | warn | error | silent          [default: info]
  --json                  print one JSON line {"multiaddrs":[…],"http":"…","metrics":"…","nodeId":"…",
                          "stun":"…"} when ready
  --help                  show this help
`

/** Bad command-line arguments (exit code 2). */
export class UsageError extends ValidationError {
  override name = 'UsageError'
}

/** The parsed command line. */
export type CliResult = { kind: 'help' } | { kind: 'run'; config: AnchorConfig; json: boolean }

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name}: expected an integer, got "${value}"`)
  const n = Number(value)
  if (n < min || n > max) throw new UsageError(`--${name}: must be between ${min} and ${max}`)
  return n
}

function addrs(name: string, values: string[] | undefined, needPeer: boolean): string[] {
  return (values ?? []).map((v) => {
    try {
      const ma = multiaddr(v)
      if (needPeer && !ma.getComponents().some((c) => c.name === 'p2p'))
        throw new UsageError('missing /p2p/<id>')
      return ma.toString()
    } catch (err) {
      throw new UsageError(
        `--${name}: not a valid multiaddr "${v}" (${err instanceof Error ? err.message : ''})`,
      )
    }
  })
}

/**
 * Parses `argv` (without node and script); `env` supplies DISTSOC_METRICS_TOKEN (a secret stays
 * out of the process list). Throws UsageError on anything it does not understand.
 */
export function parseCli(argv: readonly string[], env: Record<string, string | undefined> = {}): CliResult {
  let values: ReturnType<typeof parse>['values']
  try {
    values = parse(argv).values
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err))
  }
  if (values.help === true) return { kind: 'help' }
  const level = values['log-level'] ?? 'info'
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new UsageError(`--log-level: expected one of ${LOG_LEVELS.join(', ')}`)
  }
  const host = values.host ?? '127.0.0.1'
  if (!/^[0-9.]+$|:/.test(host))
    throw new UsageError(`--host: expected an IPv4 or IPv6 address, got "${host}"`)
  const config: AnchorConfig = {
    host,
    port: integer('port', values.port, 0, 65535) ?? 0,
    httpPort: integer('http-port', values['http-port'], 0, 65535) ?? 0,
    announce: addrs('announce', values.announce, false),
    knownAnchors: addrs('anchor', values.anchor, true),
    logLevel: level as LogLevel,
    relay: {},
    quota: {},
    hostLimits: {},
    processMetrics: true,
  }
  const metricsHost = values['metrics-host'] ?? '127.0.0.1'
  if (!/^[0-9.]+$|:/.test(metricsHost))
    throw new UsageError(`--metrics-host: expected an IPv4 or IPv6 address, got "${metricsHost}"`)
  config.metricsHost = metricsHost
  config.metricsPort = integer('metrics-port', values['metrics-port'], 0, 65535) ?? 0
  const token = env['DISTSOC_METRICS_TOKEN']
  if (token !== undefined && token !== '') config.metricsToken = token
  try {
    checkMetricsExposure(metricsHost, config.metricsToken)
  } catch (err) {
    throw new UsageError(`--metrics-host: ${err instanceof Error ? err.message : String(err)}`)
  }
  if (values.data !== undefined) {
    if (values.data === '') throw new UsageError('--data: must not be empty')
    config.dataDir = values.data
  }
  if (values['no-stun'] === true) {
    if (values['stun-port'] !== undefined || values['stun-host'] !== undefined)
      throw new UsageError('--stun-port, --stun-host: not with --no-stun')
    config.stun = false
  } else {
    config.stun = { port: integer('stun-port', values['stun-port'], 0, 65535) ?? DEFAULT_STUN_PORT }
    const stunHost = values['stun-host']
    if (stunHost !== undefined) {
      if (!/^[0-9.]+$|:/.test(stunHost))
        throw new UsageError(`--stun-host: expected an IPv4 or IPv6 address, got "${stunHost}"`)
      config.stun.host = stunHost
    }
  }
  const maxRes = integer('max-reservations', values['max-reservations'], 0, 1_000_000)
  if (maxRes !== undefined) config.relay = { ...config.relay, maxReservations: maxRes }
  const bytes = integer('circuit-bytes', values['circuit-bytes'], 1024, 2 ** 40)
  if (bytes !== undefined) config.relay = { ...config.relay, defaultDataLimit: BigInt(bytes) }
  const secs = integer('circuit-seconds', values['circuit-seconds'], 1, 86_400)
  if (secs !== undefined) config.relay = { ...config.relay, defaultDurationLimitMs: secs * 1000 }
  const maxConn = integer('max-connections', values['max-connections'], 1, 1_000_000)
  if (maxConn !== undefined) config.maxConnections = maxConn
  const rate = integer('inbound-rate', values['inbound-rate'], 1, 1_000_000)
  if (rate !== undefined) config.inboundPerHostPerSecond = rate
  const qb = integer('quota-bytes', values['quota-bytes'], 0, 2 ** 50)
  if (qb !== undefined) config.quota = { ...config.quota, perAuthorBytes: qb }
  const qp = integer('quota-posts', values['quota-posts'], 0, 1e9)
  if (qp !== undefined) config.quota = { ...config.quota, perAuthorPosts: qp }
  const quotas = [
    ['recipient-bytes', 'perRecipientBytes', 2 ** 50],
    ['recipient-posts', 'perRecipientPosts', 1e9],
    ['total-bytes', 'totalBytes', 2 ** 50],
    ['total-posts', 'totalPosts', 1e9],
  ] as const
  for (const [flag, key, max] of quotas) {
    const n = integer(flag, values[flag], 0, max)
    if (n !== undefined) config.quota = { ...config.quota, [key]: n }
  }
  const hostCaps = [
    ['host-connections', 'maxConnectionsPerHost'],
    ['host-rate', 'newConnectionsPerHostPerSecond'],
    ['host-reservations', 'maxReservationsPerHost'],
    ['host-handshakes', 'maxHandshakesPerHost'],
  ] as const
  for (const [flag, key] of hostCaps) {
    const n = integer(flag, values[flag], 1, 1_000_000)
    if (n !== undefined) config.hostLimits = { ...config.hostLimits, [key]: n }
  }
  const interval = integer('check-in-interval', values['check-in-interval'], 0, 86_400)
  if (interval !== undefined) config.checkIn = { minIntervalMs: interval * 1000 }
  const coolDown = integer('offender-cool-down', values['offender-cool-down'], 0, 86_400)
  if (coolDown !== undefined) config.offenders = { coolDownMs: coolDown * 1000 }
  if (values['limit-loopback'] === true) config.hostLimits = { ...config.hostLimits, limitLoopback: true }
  const exempt = values['exempt-host']
  if (exempt !== undefined) {
    const bad = exempt.find((ip) => isIP(ip) === 0)
    if (bad !== undefined)
      throw new UsageError(`--exempt-host: expected an IPv4 or IPv6 address, got "${bad}"`)
    config.hostLimits = { ...config.hostLimits, exemptHosts: exempt }
  }
  return { kind: 'run', config, json: values.json === true }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      announce: { type: 'string', multiple: true },
      data: { type: 'string' },
      'http-port': { type: 'string' },
      anchor: { type: 'string', multiple: true },
      'stun-port': { type: 'string' },
      'stun-host': { type: 'string' },
      'no-stun': { type: 'boolean' },
      'max-reservations': { type: 'string' },
      'circuit-bytes': { type: 'string' },
      'circuit-seconds': { type: 'string' },
      'max-connections': { type: 'string' },
      'inbound-rate': { type: 'string' },
      'quota-bytes': { type: 'string' },
      'quota-posts': { type: 'string' },
      'recipient-bytes': { type: 'string' },
      'recipient-posts': { type: 'string' },
      'total-bytes': { type: 'string' },
      'total-posts': { type: 'string' },
      'metrics-host': { type: 'string' },
      'metrics-port': { type: 'string' },
      'host-connections': { type: 'string' },
      'host-rate': { type: 'string' },
      'host-reservations': { type: 'string' },
      'limit-loopback': { type: 'boolean' },
      'host-handshakes': { type: 'string' },
      'exempt-host': { type: 'string', multiple: true },
      'check-in-interval': { type: 'string' },
      'offender-cool-down': { type: 'string' },
      'log-level': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  })
}
