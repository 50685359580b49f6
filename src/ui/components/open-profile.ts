/**
 * Opening a person's profile page from anywhere they appear (issue 16): a view fires
 * `ds-open-profile` and the shell shows `<ds-profile-page>` over the current tab.
 */
import type { NodeId } from '../../core/api/index.ts'

/** Fires `ds-open-profile` for `nodeId` from `from` (bubbles, composed: crosses shadow roots). */
export function openProfile(from: EventTarget, nodeId: NodeId): void {
  from.dispatchEvent(
    new CustomEvent<{ node_id: NodeId }>('ds-open-profile', {
      detail: { node_id: nodeId },
      bubbles: true,
      composed: true,
    }),
  )
}

declare global {
  interface HTMLElementEventMap {
    'ds-open-profile': CustomEvent<{ node_id: NodeId }>
    'ds-close-profile': CustomEvent<void>
  }
}
