// A static file server for the NAT tests (issue 18): serves the built app on 127.0.0.1 inside a
// home namespace (a local origin, so the app may dial ws:// anchors), with /bootstrap.json taken
// from a file of this test world. Usage: node static-server.mjs <dir> <bootstrap.json> <port>
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'

const [dir, bootstrap, port] = process.argv.slice(2)
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
}

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
  if (path === '/bootstrap.json') {
    res.writeHead(200, { 'content-type': types['.json'], 'cache-control': 'no-cache' })
    res.end(readFileSync(bootstrap))
    return
  }
  const file = normalize(join(dir, path === '/' ? 'index.html' : path))
  if (!file.startsWith(normalize(dir))) {
    res.writeHead(403).end()
    return
  }
  let target = file
  try {
    if (!statSync(target).isFile()) target = join(dir, 'index.html')
  } catch {
    target = join(dir, 'index.html')
  }
  res.writeHead(200, { 'content-type': types[extname(target)] ?? 'application/octet-stream' })
  createReadStream(target).pipe(res)
})
server.listen(Number(port), '127.0.0.1', () => console.log('ready'))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
