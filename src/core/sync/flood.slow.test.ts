/**
 * Issue 11 figure: storage a victim uses after a 10,000-post flood of message requests from 10,000
 * throwaway authors, pulled over as many sessions as it takes in one day. The admission budget
 * (ADMISSION_DEFAULTS: 20 a session, 5 a sender, 100 / 1 MiB a day) bounds it whatever the flood.
 */
import { encode } from 'cborg'
import { describe, expect, it } from 'vitest'
import { ADMISSION_DEFAULTS, AdmissionBudget } from './admission.ts'
import { runRequester } from './requester.ts'
import { runResponder } from './responder.ts'
import { generateIdentity, storeWith } from './test-support/fixtures.ts'
import { floodFromThrowaways } from './test-support/hostile.ts'
import { memoryPipe } from './test-support/memory-pipe.ts'
import { modelVerifier } from './test-support/model-verifier.ts'

const T = 1_700_000_000_000
const FLOOD = Number(process.env['FLOOD_POSTS'] ?? 10_000)

describe('a flood of message requests', () => {
  it(`leaves at most the day budget of a ${FLOOD}-post flood in the victim`, async () => {
    const victim = generateIdentity()
    const flood = await floodFromThrowaways(victim.nodeId, FLOOD, T - 24 * 60 * 60_000)
    const holder = storeWith(flood)
    const floodBytes = flood.reduce((n, p) => n + encode(p.post).length, 0)
    const client = storeWith([])
    const admission = new AdmissionBudget({ now: () => T })
    let sessions = 0
    let refused = 0
    const started = performance.now()
    for (;;) {
      sessions++
      const [a, b] = memoryPipe()
      const served = runResponder(b, { store: holder, verifier: modelVerifier, requester: victim.nodeId })
      const result = await runRequester(a, {
        store: client,
        verifier: modelVerifier,
        wants: [victim.nodeId],
        now: () => T,
        admission,
      })
      await served
      refused += result.skipped['AdmissionRefusedError'] ?? 0
      if (result.received.posts === 0) break
    }
    const storedBytes = [...client.posts.values()].reduce((n, p) => n + encode(p).length, 0)
    // biome-ignore lint/suspicious/noConsole: printing the figure is what this slow test is for
    console.log(
      `flood: ${FLOOD} posts (${floodBytes} B) from ${FLOOD} throwaway authors; victim stored ` +
        `${client.posts.size} posts, ${storedBytes} B after ${sessions} sessions ` +
        `(${refused} refusals, ${Math.round(performance.now() - started)} ms of sessions)`,
    )
    expect(client.posts.size).toBe(ADMISSION_DEFAULTS.perDay)
    expect(storedBytes).toBeLessThanOrEqual(ADMISSION_DEFAULTS.bytesPerDay)
  })
})
