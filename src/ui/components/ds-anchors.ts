/**
 * Settings → anchors (seed Phase C "Settings in UI"): community anchors can be added and removed;
 * those that came with the app (bootstrap.json, the default one, listed last) can only be disabled.
 * Each is shown by host name, the full address on hover.
 */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { AnchorView } from '../../core/api/index.ts'
import { anchorHost } from '../logic/index.ts'
import type { RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import { errorMessage } from './events.ts'

/** Community anchors first (in the node's order), the default last. */
export function orderAnchors(anchors: readonly AnchorView[]): AnchorView[] {
  return [...anchors.filter((a) => !a.is_default), ...anchors.filter((a) => a.is_default)]
}

/** `<ds-anchors .client>`; reloads on the node's `anchors.changed`. */
@customElement('ds-anchors')
export class DsAnchors extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      li {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        padding: 0.45rem 0;
        border-top: 1px solid var(--ds-border);
      }
      li .host {
        flex: 1;
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .dot {
        width: 0.6rem;
        height: 0.6rem;
        border-radius: 50%;
        background: var(--ds-muted);
        flex: none;
      }
      .dot.on {
        background: var(--ds-ok);
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @state() private anchors: AnchorView[] = []
  @state() private error: string | null = null
  private unsubscribe: (() => void) | null = null

  override connectedCallback(): void {
    super.connectedCallback()
    this.unsubscribe =
      this.client?.on((e) => {
        if (e.type === 'anchors.changed') void this.run(() => this.client!.call('anchors.list', {}))
      }) ?? null
    void this.run(() => this.client!.call('anchors.list', {}))
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.unsubscribe?.()
  }

  private async run(call: () => Promise<AnchorView[]>): Promise<boolean> {
    if (this.client === null) return false
    try {
      this.anchors = await call()
      this.error = null
      return true
    } catch (err) {
      this.error = errorMessage(err)
      return false
    }
  }

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const form = e.target as HTMLFormElement
    const addr = String(new FormData(form).get('addr') ?? '').trim()
    if (!addr.startsWith('/')) {
      this.error = 'An anchor address is a multiaddr, e.g. /dns4/anchor.example.org/tcp/443/wss/p2p/12D3KooW…'
      return
    }
    if (await this.run(() => this.client!.call('anchors.add', { addr }))) form.reset()
  }

  override render() {
    return html`<section class="card" aria-labelledby="anchors-title">
      <h2 id="anchors-title">Anchors</h2>
      <p class="muted">Always-on nodes that introduce you to peers and keep your mail while you are offline.</p>
      <ul class="plain">
        ${orderAnchors(this.anchors).map(
          (a) => html`<li>
            <span class="dot ${a.connected ? 'on' : ''}" role="img" aria-label=${a.connected ? 'connected' : 'not connected'}></span>
            <span class="host" title=${a.addr}><span>${anchorHost(a.addr)}</span>${
              a.source === 'custom'
                ? null
                : html` <span class="badge">${a.source === 'default' ? 'default' : 'built in'}</span>`
            }</span>
            ${
              a.source === 'custom'
                ? html`<button class="link danger" aria-label=${`Remove anchor ${anchorHost(a.addr)}`}
                    @click=${() => this.run(() => this.client!.call('anchors.remove', { addr: a.addr }))}>Remove</button>`
                : html`<label class="row" style="margin:0"><input type="checkbox" .checked=${a.enabled}
                    aria-label=${`Use anchor ${anchorHost(a.addr)}`}
                    @change=${(e: Event) => this.run(() => this.client!.call('anchors.setEnabled', { addr: a.addr, enabled: (e.target as HTMLInputElement).checked }))} />
                    Enabled</label>`
            }
          </li>`,
        )}
      </ul>
      <form class="row" @submit=${this.add} novalidate>
        <label class="visually-hidden" for="anchor-addr">Anchor address</label>
        <input id="anchor-addr" name="addr" class="grow" placeholder="/dns4/…/tcp/443/wss/p2p/12D3KooW…" spellcheck="false" />
        <button>Add anchor</button>
      </form>
      <p class="error" role="alert">${this.error ?? ''}</p>
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-anchors': DsAnchors
  }
}
