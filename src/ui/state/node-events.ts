/** The node's pushed events for as long as a component is on the page (docs/design.md §1). */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { NodeEvent } from '../../core/api/index.ts'
import type { RpcClient } from './node-client.ts'

/**
 * Subscribes `listener` to the node's events when the host connects and unsubscribes when it
 * leaves, so no component keeps its own unsubscribe handle. The client is read at connect time
 * (a component given no client hears nothing).
 */
export class NodeEvents implements ReactiveController {
  private readonly client: () => RpcClient | null
  private readonly listener: (e: NodeEvent) => void
  private off: (() => void) | null = null

  constructor(
    host: ReactiveControllerHost,
    client: () => RpcClient | null,
    listener: (e: NodeEvent) => void,
  ) {
    this.client = client
    this.listener = listener
    host.addController(this)
  }

  /** @internal Lit calls this when the host is connected. */
  hostConnected(): void {
    this.off = this.client()?.on(this.listener) ?? null
  }

  /** @internal Lit calls this when the host is removed. */
  hostDisconnected(): void {
    this.off?.()
    this.off = null
  }
}
