/**
 * One line of Settings on redundancy (issue 15): how many own posts have fewer live holders than
 * the target, in plain numbers. Part of the hosting section; refreshed when posts change.
 */
import { html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { RedundancySummary } from '../../core/api/index.ts'
import { redundancyLine } from '../logic/index.ts'
import type { RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'

/** `<ds-redundancy-line .client>` */
@customElement('ds-redundancy-line')
export class DsRedundancyLine extends LitElement {
  static override styles = [sharedStyles]

  @property({ attribute: false }) client: RpcClient | null = null
  @state() private summary: RedundancySummary | null = null
  private unsubscribe: (() => void) | null = null

  override connectedCallback(): void {
    super.connectedCallback()
    this.unsubscribe =
      this.client?.on((e) => {
        if (
          e.type === 'post.added' ||
          e.type === 'post.removed' ||
          e.type === 'network.changed' ||
          e.type === 'replicas.changed'
        )
          void this.load()
      }) ?? null
    void this.load()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.unsubscribe?.()
  }

  private async load(): Promise<void> {
    try {
      this.summary = (await this.client?.call('replicas.summary', {})) ?? null
    } catch {
      this.summary = null
    }
  }

  override render() {
    if (this.summary === null) return null
    return html`<p class="redundancy" data-low=${this.summary.low}>${redundancyLine(this.summary)}</p>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-redundancy-line': DsRedundancyLine
  }
}
