/**
 * Behind two home NATs (issue 18): with the anchor's STUN, Alice and Bob find a direct WebRTC path
 * (server-reflexive candidates), Settings says so, and 1 MiB of attachments crosses it both ways.
 * The anchor's mailbox quota is 64 KiB and a relayed circuit carries 128 KiB, so the megabyte can
 * only have come over WebRTC.
 */
import { expect, test } from '@playwright/test'
import { BULK_BYTES, bytesHeld, hasPost, postBulk, postText } from './nat-data.ts'
import { expectSettingsPath, meet, quantile, recordFigure, waitForWebRtc, whenTrue } from './nat-steps.ts'
import { type NatWorld, natEnv, startWorld } from './nat-world.ts'

let world: NatWorld | undefined
test.afterEach(async () => {
  await world?.stop()
  world = undefined
})

test("Alice and Bob connect directly through two NATs with their anchor's STUN and sync 1 MiB both ways", async () => {
  const env = natEnv()
  world = await startWorld({ stun: 'anchor', quotaBytes: 64 * 1024 }, env.outDir, env.workerUrl)
  const { alice, bob } = world
  const { firstFollow } = await meet(alice, bob)
  const direct = await waitForWebRtc(alice, bob)
  recordFigure(
    'time to a direct path behind NAT',
    Date.now() - firstFollow,
    'ms',
    'first follow → WebRTC up, route known',
  )
  expect(direct.ice_route).toBe('stun')
  expect((await waitForWebRtc(bob, alice)).ice_route).toBe('stun')
  await expectSettingsPath(alice, "Direct via your anchor's STUN")

  for (const [from, to] of [
    [alice, bob],
    [bob, alice],
  ] as const) {
    const label = `bulk-from-${from.name}`
    const start = Date.now()
    await postBulk(from, label)
    const done = await whenTrue(async () => (await bytesHeld(to, label)) === BULK_BYTES, 120_000)
    const seconds = (done - start) / 1000
    recordFigure(
      `1 MiB ${from.name} → ${to.name} over WebRTC`,
      1 / seconds,
      'MiB/s',
      `${Math.round(seconds * 1000)} ms`,
    )
  }
  // still the direct path after the transfer
  expect((await waitForWebRtc(alice, bob, 5_000)).ice_route).toBe('stun')

  const latencies: number[] = []
  for (let i = 0; i < 12; i++) {
    const text = `over the direct path ${i}`
    const posted = await postText(alice, text)
    latencies.push((await whenTrue(() => hasPost(bob, text), 30_000)) - posted)
  }
  recordFigure(
    'post → visible over the direct path, p50',
    quantile(latencies, 0.5),
    'ms',
    `n=${latencies.length}`,
  )
  recordFigure(
    'post → visible over the direct path, p95',
    quantile(latencies, 0.95),
    'ms',
    `n=${latencies.length}`,
  )
})
