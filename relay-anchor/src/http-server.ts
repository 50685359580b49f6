/**
 * The anchor's HTTP side: `GET /health` (200 JSON: status, nodeId, uptime) and `GET /metrics`
 * (JSON; Prometheus text with `?format=prometheus` or `Accept: text/plain`). Anything else is 404.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AnchorMetrics } from './metrics.ts'

/** What the HTTP server reports on. */
export interface HttpDeps {
  nodeId: string
  startedAt: number
  metrics: AnchorMetrics
  /** False while shutting down: /health then answers 503. */
  isServing: () => boolean
}

/** A started HTTP server. */
export interface RunningHttp {
  url: string
  close(): Promise<void>
}

/** Starts the HTTP server on `host:port` (0 = any port). */
export async function startHttpServer(host: string, port: number, deps: HttpDeps): Promise<RunningHttp> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://anchor')
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    if (url.pathname === '/health') {
      const serving = deps.isServing()
      const body = {
        status: serving ? 'ok' : 'stopping',
        nodeId: deps.nodeId,
        uptime: Math.round((Date.now() - deps.startedAt) / 1000),
      }
      res.writeHead(serving ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      return
    }
    if (url.pathname === '/metrics') {
      const prom =
        url.searchParams.get('format') === 'prometheus' || (req.headers.accept ?? '').startsWith('text/plain')
      if (prom) {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(deps.metrics.prometheus())
      } else {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(deps.metrics.snapshot()))
      }
      return
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}')
  })
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const addr = server.address() as AddressInfo
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address
  return {
    url: `http://${shownHost}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
