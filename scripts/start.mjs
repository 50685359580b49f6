// `npm start`: a local relay anchor + the Vite dev server (docs/design.md §6). Writes public/bootstrap.json
// with the local anchor (the default anchor in development unless DISTSOC_DEFAULT_ANCHOR is set,
// see relay-anchor/README.md), prints the app URL, and stops both children cleanly on Ctrl-C.
// DISTSOC_APP_PORT picks the app's port (default 5173; the next free one if taken).
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const children = new Set()
let stopping = false

function run(command, args, options = {}) {
  // own process group: npm and npx put a shell between us and the real process
  const child = spawn(command, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
    ...options,
  })
  children.add(child)
  child.on('exit', (code, signal) => {
    children.delete(child)
    if (!stopping) {
      console.error(`start: ${command} ${args[0] ?? ''} exited (${code ?? signal}); stopping`)
      void stop(1)
    }
  })
  return child
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

async function stop(code) {
  if (stopping) return
  stopping = true
  const waits = [...children].map(
    (child) =>
      new Promise((resolve) => {
        child.once('exit', resolve)
        signalGroup(child, 'SIGTERM')
        setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000).unref()
      }),
  )
  await Promise.all(waits)
  process.exit(code)
}

process.on('SIGINT', () => void stop(0))
process.on('SIGTERM', () => void stop(0))

/** Starts the anchor and resolves with its `--json` line. */
function startAnchor() {
  const anchor = run('npm', [
    'run',
    '--silent',
    'anchor',
    '--',
    '--port',
    '0',
    // any free UDP port: a second `npm start` on this machine must not collide on 3478
    '--stun-port',
    '0',
    '--data',
    '.data/anchor',
    '--json',
    '--log-level',
    'warn',
  ])
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: anchor.stdout })
    lines.on('line', (line) => {
      try {
        resolve(JSON.parse(line))
      } catch {
        process.stdout.write(`${line}\n`)
      }
    })
    anchor.once('exit', () => reject(new Error('the anchor exited before it was ready')))
  })
}

/**
 * The bootstrap.json document: community anchors first, the default anchor always last; the local
 * anchor's entry names its STUN server (`localStun`, `stun:host:port`) as its ICE server (issue 18).
 */
export function bootstrapDocument(localAnchor, defaultAnchor, localStun) {
  const ice = localStun === undefined ? {} : { ice: [{ urls: localStun }] }
  const anchors = []
  if (defaultAnchor !== localAnchor) anchors.push({ addr: localAnchor, default: false, ...ice })
  anchors.push({ addr: defaultAnchor, default: true, ...(defaultAnchor === localAnchor ? ice : {}) })
  return { anchors, default: { addr: defaultAnchor } }
}

const ready = await startAnchor()
const local = ready.multiaddrs.find((a) => a.includes('/ws/') && a.includes('/p2p/')) ?? ready.multiaddrs[0]
const defaultAnchor = process.env.DISTSOC_DEFAULT_ANCHOR || local
mkdirSync(join(root, 'public'), { recursive: true })
writeFileSync(
  join(root, 'public', 'bootstrap.json'),
  `${JSON.stringify(bootstrapDocument(local, defaultAnchor, ready.stun), null, 2)}\n`,
)
console.log(`anchor   ${local}`)
console.log(`health   ${ready.http}/health`)
console.log(`metrics  ${ready.metrics}/metrics`)

const vite = run('npx', ['vite', '--host', '127.0.0.1', '--port', process.env.DISTSOC_APP_PORT ?? '5173'])
const viteLines = createInterface({ input: vite.stdout })
let announced = false
viteLines.on('line', (line) => {
  // Vite colours the port when FORCE_COLOR is set (e.g. under Playwright).
  const url = /(http:\/\/127\.0\.0\.1:\d+\/?)/.exec(stripVTControlCharacters(line))?.[1]
  if (url !== undefined && !announced) {
    announced = true
    console.log(`app      ${url}   (Ctrl-C stops the app and the anchor)`)
  }
})
