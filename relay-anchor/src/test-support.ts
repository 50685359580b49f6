/** Starts the anchor CLI as a real child process (`npm run anchor -- …`) and reads its JSON line. */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { libp2pPrivateKey, signProfile } from '../../src/core/model/index.ts'
import { createDistsocLibp2p, type DistsocLibp2p } from '../../src/core/net/index.ts'
import { registerSyncProtocol } from '../../src/core/sync/index.ts'
// deep import: the sync layer's test fixtures have no index (tests only; this file serves tests)
import { generateIdentity, makePost, storeWith } from '../../src/core/sync/test-support/fixtures.ts'
// deep import: as above
import { modelVerifier } from '../../src/core/sync/test-support/model-verifier.ts'

/** What the anchor prints with --json. */
export interface AnchorReady {
  multiaddrs: string[]
  http: string
  /** Base URL of the /metrics listener. */
  metrics: string
  nodeId: string
  /** `stun:host:port` when the anchor serves STUN. */
  stun?: string
}

/** A running anchor child process. */
export interface AnchorChild {
  child: ChildProcess
  /** Sends `signal` to the child's whole process group (npm, sh and the anchor). */
  signal(signal: NodeJS.Signals): void
  ready: AnchorReady
  stderr: () => string
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>
}

/** The command of the `anchor` npm script, split into program and arguments. */
export function anchorCommand(cwd = process.cwd()): string[] {
  const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as { scripts: { anchor: string } }
  return pkg.scripts.anchor.split(/\s+/)
}

/**
 * Spawns the anchor with `--json` and waits for its JSON line: through `npm run anchor -- …`
 * (`via: 'npm'`), or the same command without npm in between (`via: 'node'`), so that signals
 * reach the anchor itself (npm reports a signal it forwarded as its own death).
 */
export async function spawnAnchor(
  args: string[],
  via: 'npm' | 'node' = 'npm',
  cwd = process.cwd(),
  timeoutMs = 60_000,
  /** Extra flags for node itself (`via: 'node'` only), e.g. `--cpu-prof` in a bench. */
  nodeFlags: readonly string[] = [],
): Promise<AnchorChild> {
  const [program, ...command] =
    via === 'npm' ? ['npm', 'run', '--silent', 'anchor', '--'] : anchorCommand(cwd)
  const rest = via === 'node' ? [...nodeFlags, ...command] : command
  // tests run side by side: STUN on any free port unless the caller chose
  const stunArgs = args.includes('--stun-port') || args.includes('--no-stun') ? [] : ['--stun-port', '0']
  const child = spawn(program!, [...rest, ...args, ...stunArgs, '--json'], {
    cwd,
    // its own process group, so that a signal reaches the anchor under npm and sh too
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  })
  let err = ''
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString()
  })
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1))
  })
  const lines = createInterface({ input: child.stdout! })
  const ready = await new Promise<AnchorReady>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`anchor not ready in ${timeoutMs} ms: ${err}`)),
      timeoutMs,
    )
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as AnchorReady
        clearTimeout(timer)
        resolve(parsed)
      } catch {
        // not the JSON line
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`anchor exited with ${code}: ${err}`))
    })
  })
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, sig)
    } catch {
      // already gone
    }
  }
  return { child, signal, ready, stderr: () => err, exited }
}

/**
 * Makes every WebSocket this process dials leave from the IP `source()` returns (undefined: the
 * kernel's choice), so a test or the storm bench plays a client on another address: Linux routes
 * all of 127.0.0.0/8 to loopback. @libp2p/websockets dials with the global `WebSocket`.
 */
export async function dialFrom(source: () => string | undefined): Promise<void> {
  const { WebSocket } = await import('ws')
  class FromSource extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      const localAddress = source()
      super(url, protocols, localAddress === undefined ? {} : { localAddress })
      // a dial whose upgrade the anchor never answers (it destroys a refused IP's socket at accept)
      // can end in an 'error' ('socket hang up') that @libp2p/websockets no longer listens for,
      // which would crash the whole process (seen in the storm bench's child)
      this.on('error', () => {})
    }
  }
  ;(globalThis as { WebSocket: unknown }).WebSocket = FromSource
}

/**
 * An honest user comes online at the anchor `anchorAddr`: a real node with one post and a profile
 * that lists the anchor, serving sync; it dials the anchor, whose check-in then pulls the post.
 * The caller stops the returned node.
 */
export async function honestUserOnline(anchorAddr: string): Promise<DistsocLibp2p> {
  const user = generateIdentity()
  const store = storeWith([await makePost(user, Date.now() - 1000)])
  store.seedProfile(
    await signProfile(user, {
      v: 1,
      author: user.nodeId,
      display_name: 'honest',
      bio: '',
      anchors: [anchorAddr],
      updated_at: Date.now() - 5000,
    }),
  )
  const node = await createDistsocLibp2p({ privateKey: libp2pPrivateKey(user), transports: [webSockets()] })
  await registerSyncProtocol(node, { store, verifier: modelVerifier })
  await node.dial(multiaddr(anchorAddr))
  return node
}
