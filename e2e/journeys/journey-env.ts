/** What the journeys' global setup hands the tests: the anchor it started and the build it serves. */
import type { AnchorReady } from '../../relay-anchor/src/test-support.ts'

/** The environment variable that carries it (workers inherit the setup's `process.env`). */
export const ENV_KEY = 'DISTSOC_E2E_JOURNEYS'

/** The running anchor, its data directory, the served build and the node's worker bundle URL. */
export interface JourneyEnv {
  anchor: AnchorReady
  dataDir: string
  outDir: string
  workerUrl: string
}

/** Reads the environment the global setup wrote; throws if the setup did not run. */
export function journeyEnv(): JourneyEnv {
  const raw = process.env[ENV_KEY]
  if (raw === undefined) throw new Error(`${ENV_KEY} is not set: run through e2e/playwright.config.ts`)
  return JSON.parse(raw) as JourneyEnv
}

/** The anchor's /metrics as JSON. */
export async function anchorMetrics(): Promise<{
  stored_posts: number
  connections: number
  rejected_frames: Array<{ protocol: string; reason: string; count: number }>
}> {
  const res = await fetch(`${journeyEnv().anchor.metrics}/metrics?format=json`)
  return (await res.json()) as Awaited<ReturnType<typeof anchorMetrics>>
}
