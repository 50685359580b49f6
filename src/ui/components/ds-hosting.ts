/**
 * Settings → redundancy and hosting (issue 15, docs/design.md §12): the redundancy line (how many
 * own posts have fewer live holders than the target, refreshed as posts and holders change), the
 * loss-risk sentence with the export button beside it, the 3× quota figures in plain numbers and
 * the pins, each with Unpin. Refreshed on `hosting.changed` and when posts change.
 */
import { css, html, LitElement } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { HostingView, PinView, RedundancySummary } from '../../core/api/index.ts'
import { formatBytes, hostingLines, PIN_LABELS, redundancyLine } from '../logic/index.ts'
import { NodeAction, NodeQuery, type RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import { downloadDataExport } from './download.ts'
import './ds-pinned-copy.ts'

/**
 * `<ds-hosting .client>`
 * @fires ds-toast - after an export, an unpin, or when one fails
 */
@customElement('ds-hosting')
export class DsHosting extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .loss-risk {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        flex-wrap: wrap;
        border-left: 3px solid var(--ds-danger);
        padding-left: 0.6rem;
        margin: 0.6rem 0;
      }
      .loss-risk p {
        flex: 1 1 14rem;
        margin: 0;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0.4rem 0 0;
      }
      li {
        display: flex;
        gap: 0.5rem;
        align-items: baseline;
        flex-wrap: wrap;
        border-top: 1px solid var(--ds-border);
        padding: 0.35rem 0;
      }
      li .grow {
        flex: 1 1 10rem;
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .figures p {
        margin: 0.3rem 0;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  private readonly hosting = new NodeQuery<HostingView | null>(this, {
    client: () => this.client,
    load: (c) => c.call('hosting.status', {}),
    initial: null,
    reloadOn: ['hosting.changed', 'replicas.changed', 'post.removed', 'posts.added'],
    report: 'reset',
  })
  private readonly redundancy = new NodeQuery<RedundancySummary | null>(this, {
    client: () => this.client,
    load: (c) => c.call('replicas.summary', {}),
    initial: null,
    reloadOn: ['post.added', 'post.removed', 'network.changed', 'replicas.changed'],
    report: 'reset',
  })
  private readonly action = new NodeAction(this, () => this.client)

  private exportData(): Promise<boolean> {
    return this.action.run(downloadDataExport, { message: 'All data exported.', kind: 'success' })
  }

  private async unpin(pin: PinView): Promise<void> {
    if (
      await this.action.run((c) => c.call('post.unpin', { id: pin.post_id }), {
        message: 'Unpinned.',
        kind: 'info',
      })
    )
      await this.hosting.reload()
  }

  private renderPin(pin: PinView) {
    const who = pin.author_name.trim() === '' ? `${pin.author.slice(0, 12)}…` : pin.author_name
    const when = new Date(pin.created_at).toLocaleDateString()
    return html`<li data-post=${pin.post_id} data-mode=${pin.mode}>
      <span class="grow">${who}, ${when} — ${PIN_LABELS[pin.mode]}${
        pin.original_held
          ? null
          : html` <span class="muted">(the author deleted the original; your copy is kept)</span>`
      }</span>
      <span class="muted">${formatBytes(pin.bytes)}</span>
      <button class="link" @click=${() => this.unpin(pin)}>Unpin</button>
      ${pin.copy === undefined ? null : html`<ds-pinned-copy .client=${this.client} .post=${pin.copy}></ds-pinned-copy>`}
    </li>`
  }

  override render() {
    const v = this.hosting.value
    const r = this.redundancy.value
    return html`<section class="card" aria-labelledby="hosting-title">
      <h2 id="hosting-title">Redundancy and hosting</h2>
      ${r === null ? null : html`<p class="redundancy" data-low=${r.low}>${redundancyLine(r)}</p>`}
      <div class="loss-risk" role="note">
        <p>This is a loss-risk network, not a backup service: export your data.</p>
        <button ?disabled=${this.action.busy} @click=${this.exportData}>Export my data</button>
      </div>
      ${
        v === null
          ? null
          : html`<div class="figures">${hostingLines(v).map((line) => html`<p>${line}</p>`)}</div>
            ${
              v.pins.length === 0
                ? html`<p class="muted">Nothing pinned. Pin a post from its menu to keep it outside the quota.</p>`
                : html`<ul aria-label="Pinned posts">${v.pins.map((pin) => this.renderPin(pin))}</ul>`
            }`
      }
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-hosting': DsHosting
  }
}
