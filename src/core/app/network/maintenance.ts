/**
 * Maintenance (docs/design.md §6): every `maintainEveryMs`, dial the anchors, reach the follows, give the
 * connected peers their mesh slots and pull from every sync-capable peer (hellos stay scoped).
 * One round at a time; `stop` cancels the next one.
 */
import type { NodeId } from '../../model/index.ts'
import { after } from '../../net/index.ts'
import { assignMeshSlots } from '../peer-exchange.ts'
import type { Discovery } from './discovery.ts'
import type { Pulls } from './pulls.ts'
import type { NetworkUnit, UnitContext } from './unit.ts'

/** Runs the maintenance loop; the first round (anchors, follows) starts at once. */
export function startMaintenance(
  { ctx, libp2p }: UnitContext,
  units: { discovery: Discovery; pulls: Pulls },
  everyMs: number,
): NetworkUnit {
  let stopped = false
  let cancel: (() => void) | undefined
  const round = async (): Promise<void> => {
    await units.discovery.dialAnchors()
    await units.discovery.reachFollows()
    if (stopped) return
    assignMeshSlots(ctx, [...new Set(libp2p.getConnections().map((c) => c.remotePeer.toString() as NodeId))])
    for (const id of units.pulls.syncCapable()) units.pulls.pull(id)
  }
  const loop = (): void => {
    cancel = after(everyMs, () => {
      if (stopped) return
      round()
        .catch(() => {})
        .finally(() => {
          if (!stopped) loop()
        })
    })
  }
  void units.discovery
    .dialAnchors()
    .then(() => units.discovery.reachFollows())
    .catch(() => {})
  loop()
  return {
    stop() {
      stopped = true
      cancel?.()
    },
  }
}
