/**
 * The Settings tab (seed Phase C "Settings in UI", docs/design.md §7): profile, anchors, connection paths,
 * storage persistence, backup, and network diagnostics folded away.
 */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { ConnectionPath, ConnectionView, IceRoute, NodeStatus } from '../../core/api/index.ts'
import { anchorHost } from '../logic/index.ts'
import { errorMessage, NodeAction, NodeQuery, type RpcClient } from '../state/index.ts'
import { sharedStyles, viewLayoutStyles } from '../styles/index.ts'
import './ds-anchors.ts'
import './ds-backup.ts'
import './ds-moderation.ts'
import './ds-notifications.ts'
import './ds-profile-editor.ts'
import './ds-circle-profiles.ts'
import './ds-hosting.ts'

const foundViaLabels: Record<NonNullable<ConnectionView['found_via']>, string> = {
  'stored-address': 'its last address',
  'their-anchors': 'their anchors',
  'mutual-contact': 'a mutual contact',
  'own-anchors': 'your anchors',
  'default-anchor': 'the default anchor',
}

/** One row per peer (libp2p may hold several connections to one peer), first-seen order. */
export function connectionRows(connections: readonly ConnectionView[]): ConnectionView[][] {
  const byPeer = new Map<string, ConnectionView[]>()
  for (const c of connections) byPeer.set(c.peer, [...(byPeer.get(c.peer) ?? []), c])
  return [...byPeer.values()]
}

const pathLabels: Record<ConnectionPath, string> = {
  webrtc: 'Direct (WebRTC)',
  relayed: 'Through the anchor',
  websocket: 'Anchor (WebSocket)',
  other: 'Other',
}

/** What each WebRTC route is called, and why (issue 18). */
const routeLabels: Record<IceRoute, string> = {
  direct: 'Direct',
  stun: "Direct via your anchor's STUN",
  turn: 'Relayed by TURN',
}

const pathReasons: Partial<Record<ConnectionPath, string>> = {
  relayed: 'no direct path found: the NATs between you did not let WebRTC through',
  webrtc: 'WebRTC, path still being measured',
}
const routeReasons: Record<IceRoute, string> = {
  direct: 'on the same network, no NAT between you',
  stun: 'your NATs were crossed with the address your anchor saw',
  turn: "a strict NAT: your anchor's TURN server forwards the data",
}

/** The label of a connection's path and the reason shown beside it. */
export function describePath(c: Pick<ConnectionView, 'path' | 'ice_route'>): { label: string; why: string } {
  if (c.path === 'webrtc' && c.ice_route !== undefined)
    return { label: routeLabels[c.ice_route], why: routeReasons[c.ice_route] }
  return { label: pathLabels[c.path], why: pathReasons[c.path] ?? '' }
}

/**
 * `<ds-settings-view .client .status>`
 * @fires ds-toast - on persistence requests and failures
 */
@customElement('ds-settings-view')
export class DsSettingsView extends LitElement {
  static override styles = [
    sharedStyles,
    viewLayoutStyles,
    css`
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.85rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.35rem 0.25rem;
        border-top: 1px solid var(--ds-border);
        overflow-wrap: anywhere;
      }
      pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        font-size: 0.75rem;
        max-height: 24rem;
        overflow: auto;
      }
      .warning {
        border-color: var(--ds-danger);
      }
      summary {
        cursor: pointer;
        font-weight: 600;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @property({ attribute: false }) status: NodeStatus | null = null
  /** The live connections, and the names of the peers behind them. */
  private readonly links = new NodeQuery<{ connections: ConnectionView[]; names: Map<string, string> }>(
    this,
    {
      client: () => this.client,
      load: async (c) => {
        const [connections, people] = await Promise.all([
          c.call('network.connections', {}),
          c.call('people.list', { filter: 'all' }),
        ])
        return { connections, names: new Map(people.map((p) => [p.node_id, p.display_name])) }
      },
      initial: { connections: [], names: new Map() },
      reloadOn: ['network.changed'],
    },
  )
  @state() private diagnostics = ''
  @state() private persisted: boolean | null = null

  private readonly action = new NodeAction(this, () => this.client)

  private requestPersistence(): Promise<boolean> {
    return this.action.run(
      async (c) => {
        const r = await c.call('node.requestPersistence', {})
        this.persisted = r.persisted
        return r
      },
      (r) => ({
        message: r.persisted
          ? 'Storage is now persistent.'
          : 'The browser declined; try installing the app first.',
        kind: r.persisted ? 'success' : 'info',
      }),
    )
  }

  private async onDiagnostics(e: Event): Promise<void> {
    if (!(e.target as HTMLDetailsElement).open) return
    try {
      this.diagnostics = JSON.stringify(await this.client?.call('network.diagnostics', {}), null, 2)
    } catch (err) {
      this.diagnostics = errorMessage(err)
    }
  }

  override render() {
    const persisted = this.persisted ?? this.status?.storage_persisted ?? false
    const rows = connectionRows(this.links.value.connections)
    const warning = this.status?.storage_warning
    return html`${
      warning === undefined
        ? null
        : html`<section class="card warning" role="alert" aria-labelledby="warn-title">
            <h2 id="warn-title">Storage was repaired</h2>
            <p>When this device opened its data, part of it was damaged and was rebuilt from a backup copy. Nothing you saved should be missing, but consider exporting your data now.</p>
            <p class="muted mono">${warning}</p>
          </section>`
    }<div class="layout">
      <div>
        <ds-profile-editor .client=${this.client}></ds-profile-editor>
        <ds-circle-profiles .client=${this.client}></ds-circle-profiles>
        <ds-anchors .client=${this.client}></ds-anchors>
        <section class="card" aria-labelledby="conn-title">
          <h2 id="conn-title">Connections (${rows.length})</h2>
          ${
            rows.length === 0
              ? html`<p class="muted">Not connected to anyone right now.</p>`
              : html`<table><thead><tr><th scope="col">Peer</th><th scope="col">Path</th><th scope="col">Found via</th></tr></thead><tbody>
                  ${rows.map((group) => {
                    const c = group.find((g) => g.path === 'webrtc') ?? group[0]!
                    const via = group.find((g) => g.found_via !== undefined)?.found_via
                    const name = this.links.value.names.get(c.peer)
                    const path = describePath(c)
                    return html`<tr><td>${
                      c.is_anchor
                        ? html`<span class="mono">${anchorHost(c.remote_addr)}</span> <span class="badge">anchor</span>`
                        : name === undefined || name.startsWith('…')
                          ? html`<span class="mono" title=${c.peer}>${c.peer.slice(0, 16)}…</span>`
                          : html`<span title=${c.peer}>${name}</span>`
                    }</td>
                      <td data-path=${c.ice_route ?? c.path} title=${path.why}>${path.label}
                        <span class="muted">${path.why}</span></td>
                      <td>${via === undefined ? html`<span class="muted">—</span>` : foundViaLabels[via]}</td></tr>`
                  })}</tbody></table>`
          }
        </section>
      </div>
      <div>
        <section class="card" aria-labelledby="storage-title">
          <h2 id="storage-title">Storage</h2>
          <p>${
            persisted
              ? 'Persistent: the browser will not clear your data to free space.'
              : 'Not persistent: the browser may clear your data when space runs low.'
          }</p>
          ${persisted ? null : html`<button @click=${this.requestPersistence}>Ask to keep my data</button>`}
        </section>
        <ds-hosting .client=${this.client}></ds-hosting>
        <ds-notifications .client=${this.client}></ds-notifications>
        <ds-moderation .client=${this.client}></ds-moderation>
        <ds-backup .client=${this.client}></ds-backup>
        <details class="card" @toggle=${this.onDiagnostics}>
          <summary>Network diagnostics</summary>
          <p class="muted">Node runs in a ${this.status?.host ?? 'worker'}; ${this.status?.connections ?? 0} connections.</p>
          <pre>${this.diagnostics}</pre>
        </details>
      </div>
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-settings-view': DsSettingsView
  }
}
