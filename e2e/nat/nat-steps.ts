/** Steps the NAT tests share: meeting through the real UI, watching the path, recording figures. */
import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from '@playwright/test'
import type { ConnectionView } from '../../src/core/api/index.ts'
import { connectString, follow, onboard, openTab } from '../journeys/users.ts'
import type { NatUser } from './nat-world.ts'

const figuresFile = fileURLToPath(new URL('../../test-results/nat/figures.jsonl', import.meta.url))

/** Both onboard through the setup overlay and follow each other by connect string. */
export async function meet(a: NatUser, b: NatUser): Promise<{ firstFollow: number; done: number }> {
  await onboard(a.page, a.name)
  await onboard(b.page, b.name)
  const bobs = await connectString(b.page)
  const alices = await connectString(a.page)
  const firstFollow = Date.now()
  await follow(a.page, bobs)
  await follow(b.page, alices)
  return { firstFollow, done: Date.now() }
}

/** `user`'s connections to `other` right now. */
export async function connectionsTo(user: NatUser, other: NatUser): Promise<ConnectionView[]> {
  const id = (await other.rpc('node.status', {})).node_id
  return (await user.rpc('network.connections', {})).filter((c) => c.peer === id)
}

/** Waits until `user` holds a WebRTC connection to `other` with a measured route; returns it. */
export async function waitForWebRtc(
  user: NatUser,
  other: NatUser,
  timeout = 60_000,
): Promise<ConnectionView> {
  let found: ConnectionView | undefined
  await expect
    .poll(
      async () => {
        found = (await connectionsTo(user, other)).find(
          (c) => c.path === 'webrtc' && c.ice_route !== undefined,
        )
        return found !== undefined
      },
      { timeout, intervals: [100] },
    )
    .toBe(true)
  return found!
}

/** Settings lists the peer's connection under `label` (what the user reads). */
export async function expectSettingsPath(user: NatUser, label: string): Promise<void> {
  await openTab(user.page, 'Settings')
  const table = user.page.getByRole('table')
  await expect(async () => {
    await user.page.getByRole('tab', { name: 'Feed' }).click()
    await openTab(user.page, 'Settings')
    await expect(table).toContainText(label, { timeout: 1000 })
  }).toPass({ timeout: 30_000 })
}

/** Polls `check` every 50 ms until true (or `timeout`); returns the time it first held. */
export async function whenTrue(check: () => Promise<boolean>, timeout: number): Promise<number> {
  const deadline = Date.now() + timeout
  while (Date.now() < deadline) {
    if (await check()) return Date.now()
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`not true within ${timeout} ms`)
}

/** The q-quantile (0..1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}

/** Appends one measured figure to test-results/nat/figures.jsonl and prints it. */
export function recordFigure(name: string, value: number, unit: string, note = ''): void {
  mkdirSync(join(figuresFile, '..'), { recursive: true })
  const line = { name, value: Number(value.toPrecision(3)), unit, note, at: new Date().toISOString() }
  appendFileSync(figuresFile, `${JSON.stringify(line)}\n`)
  console.log(`figure: ${name} = ${line.value} ${unit}${note === '' ? '' : ` (${note})`}`)
}
