/**
 * The anchor's public HTTP side: `GET /health` (200 JSON: status, nodeId, uptime; 503 while
 * stopping). Metrics are not here: they have their own listener (metrics-server.ts), on loopback
 * by default. Anything else is 404.
 */
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the health endpoint reports on. */
export interface HttpDeps {
  nodeId: string
  startedAt: number
  /** False while shutting down: /health then answers 503. */
  isServing: () => boolean
}

/** A started HTTP server. */
export interface RunningHttp {
  url: string
  close(): Promise<void>
}

/** Listens with `handler` on `host:port` (0 = any port); only GET and HEAD reach the handler. */
export async function listenHttp(host: string, port: number, handler: RequestListener): Promise<RunningHttp> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    handler(req, res)
  })
  server.keepAliveTimeout = 5_000
  server.headersTimeout = 10_000
  server.requestTimeout = 10_000
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

/** Starts the public HTTP server (/health) on `host:port`. */
export function startHttpServer(host: string, port: number, deps: HttpDeps): Promise<RunningHttp> {
  return listenHttp(host, port, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://anchor')
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
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}')
  })
}
