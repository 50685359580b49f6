/**
 * Behind symmetric NATs with TURN on (issue 18): coturn from Debian runs beside the anchor, named
 * in bootstrap.json, and Alice and Bob get a relayed WebRTC path — Settings says "Relayed by TURN".
 */
import { execFileSync } from 'node:child_process'
import { expect, test } from '@playwright/test'
import { hasPost, postText } from './nat-data.ts'
import { expectSettingsPath, meet, recordFigure, waitForWebRtc, whenTrue } from './nat-steps.ts'
import { type NatWorld, natEnv, startWorld } from './nat-world.ts'

let world: NatWorld | undefined
test.afterEach(async () => {
  await world?.stop()
  world = undefined
})

function haveCoturn(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v turnserver'], { stdio: 'pipe' })
    return true
  } catch {
    return false
  }
}

test('with TURN on, symmetric NATs get a WebRTC path relayed by TURN', async () => {
  test.skip(!haveCoturn(), 'coturn is not installed (apt-get install coturn)')
  const env = natEnv()
  world = await startWorld({ stun: 'anchor', symmetric: true, turn: true }, env.outDir, env.workerUrl)
  const { alice, bob } = world
  const { firstFollow } = await meet(alice, bob)
  const path = await waitForWebRtc(alice, bob)
  recordFigure(
    'time to a TURN path behind symmetric NAT',
    Date.now() - firstFollow,
    'ms',
    'first follow → WebRTC up',
  )
  expect(path.ice_route).toBe('turn')
  await expectSettingsPath(alice, 'Relayed by TURN')
  await postText(alice, 'through the TURN relay')
  await whenTrue(() => hasPost(bob, 'through the TURN relay'), 30_000)
})
