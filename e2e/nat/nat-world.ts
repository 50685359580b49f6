/**
 * One test world on the NAT network of `scripts/netns-nat.sh` (issue 18): the anchor (and, when
 * asked, coturn or a broken STUN server) in the public namespace, the app served on 127.0.0.1
 * inside each home namespace, and one Chromium per home launched through `chromium-in-netns.sh`.
 * `stop()` ends every process it started, by its own id, and removes the namespaces; every step is
 * bounded, and a failed start cleans up what it had started.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from '@playwright/test'
import { anchorCommand } from '../../relay-anchor/src/test-support.ts'
import type { RpcMethod, RpcParams, RpcResult } from '../../src/core/api/index.ts'
import type { IceServerConfig } from '../../src/core/api/webrtc-protocol.ts'
import { chromiumArgs, chromiumPath } from '../chromium.ts'
import { rpcDoor } from '../journeys/rpc-door.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const here = fileURLToPath(new URL('.', import.meta.url))
const netnsScript = join(root, 'scripts/netns-nat.sh')

/** Addresses and ports of the test network (all inside its namespaces). */
export const NET = {
  anchorHost: '10.231.0.1',
  wsPort: 4482,
  stunPort: 4483,
  httpPort: 4484,
  turnPort: 4485,
  garbageStunPort: 4486,
  silentStunPort: 4487,
  appPort: 4481,
  turnUser: 'distsoc',
  turnPassword: 'nat-test-only',
} as const

/** How the world is built. */
export interface WorldOptions {
  /** Both routers map every destination to a new port (MASQUERADE --random). */
  symmetric?: boolean
  /** The anchor's STUN, none at all, or STUN servers that answer garbage / nothing. */
  stun: 'anchor' | 'off' | 'broken'
  /** coturn beside the anchor, named in bootstrap.json. */
  turn?: boolean
  /** Mailbox quota per author at the anchor (small: bulk data can only come over WebRTC). */
  quotaBytes?: number
}

/** A person in one home namespace. */
export interface NatUser {
  name: string
  page: Page
  browser: Browser
  rpc<M extends RpcMethod>(method: M, params: RpcParams<M>): Promise<RpcResult<M>>
}

/** A running world. */
export interface NatWorld {
  alice: NatUser
  bob: NatUser
  anchorAddr: string
  stop(): Promise<void>
}

/** The build the global setup made (see nat-setup.ts). */
export function natEnv(): { outDir: string; workerUrl: string } {
  const raw = process.env.DISTSOC_NAT_ENV
  if (raw === undefined) throw new Error('no NAT test environment: run through playwright.nat.config.ts')
  return JSON.parse(raw) as { outDir: string; workerUrl: string }
}

/** Runs the network script (bounded: 30 s). */
export function netns(...args: string[]): void {
  execFileSync('bash', [netnsScript, ...args], { stdio: 'pipe', timeout: 30_000 })
}

interface Started {
  child: ChildProcess
  output: () => string
}

/** Spawns `cmd` inside namespace `ns` and waits (at most `timeoutMs`) for a line matching `ready`. */
async function startIn(ns: string, cmd: string[], ready: RegExp, timeoutMs = 60_000): Promise<Started> {
  const child = spawn('ip', ['netns', 'exec', ns, ...cmd], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  })
  let out = ''
  const started: Started = { child, output: () => out }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${cmd[0]} in ${ns} not ready: ${out.slice(-2000)}`)),
      timeoutMs,
    )
    const onData = (d: Buffer): void => {
      out += d.toString()
      if (ready.test(out)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${cmd[0]} in ${ns} exited (${code}): ${out.slice(-2000)}`))
    })
  })
  child.removeAllListeners('exit')
  return started
}

/** Ends a child's process group: SIGTERM, then SIGKILL after `graceMs`. */
async function end(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {
    return
  }
  const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), graceMs))
  if ((await Promise.race([exited, timer])) === 'late') {
    try {
      process.kill(-child.pid, 'SIGKILL')
    } catch {}
  }
}

/** Waits (at most 15 s) until a STUN binding request to host:port inside the public namespace is answered. */
async function untilStunAnswers(host: string, port: number): Promise<void> {
  const js = `const s=require('node:dgram').createSocket('udp4');const t=Buffer.alloc(20);t.writeUInt16BE(1,0);t.writeUInt32BE(0x2112a442,4);require('node:crypto').randomFillSync(t,8,12);s.on('message',()=>process.exit(0));s.send(t,${port},'${host}');setTimeout(()=>process.exit(1),500)`
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    try {
      execFileSync('ip', ['netns', 'exec', 'dsnat-pub', 'node', '-e', js], { stdio: 'pipe', timeout: 5000 })
      return
    } catch {
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  throw new Error(`nothing answers STUN on ${host}:${port}`)
}

/** A broken STUN server in the public namespace: random bytes back, or nothing at all. */
function brokenStunScript(mode: 'garbage' | 'silent', port: number): string[] {
  const js = `const s=require('node:dgram').createSocket('udp4');s.on('message',(m,r)=>{${
    mode === 'garbage' ? "s.send(require('node:crypto').randomBytes(20+m.length%40),r.port,r.address)" : ''
  }});s.bind(${port},'${NET.anchorHost}',()=>console.log('ready'))`
  return ['node', '-e', js]
}

/** Builds the network and starts everything in it; on any failure it stops what it started. */
export async function startWorld(opts: WorldOptions, appDir: string, workerUrl: string): Promise<NatWorld> {
  const children: ChildProcess[] = []
  const browsers: Browser[] = []
  const dir = mkdtempSync(join(tmpdir(), 'distsoc-nat-'))
  const stop = async (): Promise<void> => {
    await Promise.allSettled(
      browsers.map((b) => Promise.race([b.close(), new Promise((r) => setTimeout(r, 10_000))])),
    )
    await Promise.allSettled(children.map((c) => end(c)))
    netns('down')
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    netns('up', ...(opts.symmetric === true ? ['--symmetric'] : []))
    const [program, ...args] = anchorCommand(root)
    const anchor = await startIn(
      'dsnat-pub',
      [
        program!,
        ...args,
        ...['--host', NET.anchorHost, '--port', String(NET.wsPort), '--http-port', String(NET.httpPort)],
        ...(opts.stun === 'anchor' ? ['--stun-port', String(NET.stunPort)] : ['--no-stun']),
        ...(opts.quotaBytes === undefined ? [] : ['--quota-bytes', String(opts.quotaBytes)]),
        ...['--data', join(dir, 'anchor'), '--log-level', 'warn', '--json'],
      ],
      /"multiaddrs"/,
    )
    children.push(anchor.child)
    const ready = JSON.parse(/\{"multiaddrs".*\}/.exec(anchor.output())![0]) as { multiaddrs: string[] }
    const anchorAddr = ready.multiaddrs[0]!
    const ice: IceServerConfig[] = []
    if (opts.stun === 'anchor') ice.push({ urls: `stun:${NET.anchorHost}:${NET.stunPort}` })
    if (opts.stun === 'broken') {
      for (const [mode, port] of [
        ['garbage', NET.garbageStunPort],
        ['silent', NET.silentStunPort],
      ] as const) {
        const broken = await startIn('dsnat-pub', brokenStunScript(mode, port), /ready/)
        children.push(broken.child)
        ice.push({ urls: `stun:${NET.anchorHost}:${port}` })
      }
    }
    if (opts.turn === true) {
      const turn = await startIn(
        'dsnat-pub',
        [
          'turnserver',
          '-n',
          `--listening-ip=${NET.anchorHost}`,
          `--relay-ip=${NET.anchorHost}`,
          `--listening-port=${NET.turnPort}`,
          '--min-port=49160',
          '--max-port=49200',
          '--lt-cred-mech',
          `--user=${NET.turnUser}:${NET.turnPassword}`,
          '--realm=distsoc.test',
          '--fingerprint',
          '--no-tls',
          '--no-dtls',
          '--no-cli',
          '--no-tcp-relay',
          '--log-file=stdout',
          '--simple-log',
          `--db=${join(dir, 'turndb')}`,
        ],
        /main listener thread/,
        20_000,
      )
      children.push(turn.child)
      await untilStunAnswers(NET.anchorHost, NET.turnPort)
      ice.push({
        urls: `turn:${NET.anchorHost}:${NET.turnPort}?transport=udp`,
        username: NET.turnUser,
        credential: NET.turnPassword,
      })
    }
    const bootstrap = join(dir, 'bootstrap.json')
    writeFileSync(
      bootstrap,
      JSON.stringify({
        anchors: [{ addr: anchorAddr, default: true, ...(ice.length > 0 ? { ice } : {}) }],
        default: { addr: anchorAddr },
      }),
    )
    const user = async (name: string, ns: string): Promise<NatUser> => {
      const server = await startIn(
        ns,
        ['node', join(here, 'static-server.mjs'), appDir, bootstrap, String(NET.appPort)],
        /ready/,
      )
      children.push(server.child)
      const browser = await chromium.launch({
        executablePath: join(here, 'chromium-in-netns.sh'),
        // real browsers hide host candidates behind mDNS names: keep that on here
        args: chromiumArgs.filter((a) => !a.includes('WebRtcHideLocalIpsWithMdns')),
        headless: true,
        env: { ...process.env, DSNAT_NS: ns, CHROMIUM_PATH: chromiumPath },
        timeout: 60_000,
      })
      browsers.push(browser)
      const context = await browser.newContext({
        baseURL: `http://127.0.0.1:${NET.appPort}`,
        serviceWorkers: 'block',
      })
      const page = await context.newPage()
      return { name, page, browser, rpc: (method, params) => rpcDoor(page, workerUrl, method, params) }
    }
    const alice = await user('Alice', 'dsnat-ha')
    const bob = await user('Bob', 'dsnat-hb')
    return { alice, bob, anchorAddr, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
