/**
 * The metrics listener (issue 11): `GET /metrics` in Prometheus text format (JSON with
 * `?format=json`), on its own port, bound to 127.0.0.1 by default. Exposed on another interface
 * it needs a bearer token (`Authorization: Bearer <token>`); without the right one it answers 401.
 */
import { timingSafeEqual } from 'node:crypto'
import { isIP } from 'node:net'
import { ValidationError } from '../../src/core/errors.ts'
import { listenHttp, type RunningHttp } from './http-server.ts'
import type { AnchorMetrics } from './metrics.ts'

/** True for 127.0.0.0/8 and ::1. */
export function isLoopback(host: string): boolean {
  if (isIP(host) === 4) return host.startsWith('127.')
  return host === '::1' || host === 'localhost'
}

/** Throws ValidationError if metrics would be exposed beyond loopback without a token. */
export function checkMetricsExposure(host: string, token: string | undefined): void {
  if (!isLoopback(host) && (token === undefined || token.length < 16)) {
    throw new ValidationError(`metrics on ${host} need a bearer token of at least 16 characters`)
  }
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') === true ? header.slice(7) : '')
  const want = Buffer.from(token)
  return given.length === want.length && timingSafeEqual(given, want)
}

/** Starts the metrics listener; `token`, if set, is required of every request. */
export async function startMetricsServer(
  host: string,
  port: number,
  metrics: AnchorMetrics,
  token?: string,
): Promise<RunningHttp> {
  checkMetricsExposure(host, token)
  return listenHttp(host, port, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://anchor')
    if (url.pathname !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}')
      return
    }
    if (token !== undefined && !tokenMatches(req.headers.authorization, token)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end()
      return
    }
    if (url.searchParams.get('format') === 'json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(metrics.snapshot()))
      return
    }
    metrics.prometheus().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      () => res.writeHead(500).end(),
    )
  })
}
