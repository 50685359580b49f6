/**
 * Settings → anchors (seed Phase C "Settings in UI"): community anchors can be added and removed;
 * those that came with the app (bootstrap.json, the default one, listed last) can only be disabled.
 * Each is shown by host name, the full address on hover.
 */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { AnchorView } from '../../core/api/index.ts'
import { anchorHost } from '../logic/index.ts'
import { NodeQuery, type RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'

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
  private readonly anchors = new NodeQuery<AnchorView[]>(this, {
    client: () => this.client,
    load: (c) => c.call('anchors.list', {}),
    initial: [],
    reloadOn: ['anchors.changed'],
    report: 'inline',
  })
  /** What is wrong with the typed address, found before asking the node. */
  @state() private invalid: string | null = null

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const form = e.target as HTMLFormElement
    const addr = String(new FormData(form).get('addr') ?? '').trim()
    this.invalid = addr.startsWith('/')
      ? null
      : 'An anchor address is a multiaddr, e.g. /dns4/anchor.example.org/tcp/443/wss/p2p/12D3KooW…'
    if (this.invalid !== null) return
    if (await this.anchors.set((c) => c.call('anchors.add', { addr }))) form.reset()
  }

  override render() {
    return html`<section class="card" aria-labelledby="anchors-title">
      <h2 id="anchors-title">Anchors</h2>
      <p class="muted">Always-on nodes that introduce you to peers and keep your mail while you are offline.</p>
      <ul class="plain">
        ${orderAnchors(this.anchors.value).map(
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
                    @click=${() => this.anchors.set((c) => c.call('anchors.remove', { addr: a.addr }))}>Remove</button>`
                : html`<label class="row" style="margin:0"><input type="checkbox" .checked=${a.enabled}
                    aria-label=${`Use anchor ${anchorHost(a.addr)}`}
                    @change=${(e: Event) => this.anchors.set((c) => c.call('anchors.setEnabled', { addr: a.addr, enabled: (e.target as HTMLInputElement).checked }))} />
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
      <p class="error" role="alert">${this.invalid ?? this.anchors.error ?? ''}</p>
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-anchors': DsAnchors
  }
}
