/**
 * The app shell (docs/design.md §8): the first-run overlay while the node needs setup, then five tabs with
 * unread badges, live status and sync progress from node events, toasts, view transitions.
 */
import { html, LitElement, type PropertyValues } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import type { NodeEvent, NodeId, NodeStatus, PostId, SyncProgress } from '../../core/api/index.ts'
import { errorMessage, type RpcClient, startNotifier, type ToastRequest } from '../state/index.ts'
import { appStyles } from './ds-app.styles.ts'
import './ds-feed-view.ts'
import './ds-messages-view.ts'
import './ds-my-posts-view.ts'
import './ds-people-view.ts'
import './ds-post-thread.ts'
import './ds-profile-page.ts'
import './ds-settings-view.ts'
import './ds-search.ts'
import type { NavigateRequest } from './ds-search.ts'
import './ds-setup.ts'
import './ds-toasts.ts'
import { followFromHash, syncBar } from '../logic/index.ts'
import type { DsToasts } from './ds-toasts.ts'
import { isTab, renderTabBar, type TabId, tabLabel } from './tab-bar.ts'

/** `<ds-app .client>`: the whole app; `client` is set by main.ts once the node is reachable. */
@customElement('ds-app')
export class DsApp extends LitElement {
  static override styles = appStyles

  @property({ attribute: false }) client: RpcClient | null = null
  /** Set when the node cannot be reached at all (e.g. no worker support). */
  @property({ attribute: false }) bootError: string | null = null
  @state() private status: NodeStatus | null = null
  @state() private tab: TabId = 'feed'
  @state() private badges: Partial<Record<TabId, number>> = {}
  @state() private syncing = new Map<NodeId, SyncProgress>()
  /** The conversation to open when Messages shows next (from search). */
  @state() private openPeer: NodeId | null = null
  /** What a follow link asked to put into People → Follow. */
  @state() private prefill: string | null = null
  /** The post whose thread is open over the current tab (issue 16). */
  @state() private threadOf: PostId | null = null
  /** The person whose profile page is open over the current tab (issue 16). */
  @state() private profileOf: NodeId | null = null
  @query('ds-toasts') private toasts!: DsToasts
  private stopNotifier: (() => void) | null = null
  private unsubscribe: (() => void) | null = null
  private pending: ToastRequest[] = []

  constructor() {
    super()
    this.addEventListener('ds-toast', (e) => {
      e.stopPropagation()
      this.toast(e.detail)
    })
    this.addEventListener('ds-navigate', (e) => {
      e.stopPropagation()
      this.navigate(e.detail)
    })
    this.addEventListener('ds-open-thread', (e) => {
      e.stopPropagation()
      this.threadOf = e.detail.id
      window.scrollTo({ top: 0 })
    })
    this.addEventListener('ds-close-thread', (e) => {
      e.stopPropagation()
      this.threadOf = null
    })
    this.addEventListener('ds-open-profile', (e) => {
      e.stopPropagation()
      this.showProfile(e.detail.node_id)
    })
    this.addEventListener('ds-close-profile', (e) => {
      e.stopPropagation()
      this.profileOf = null
    })
    this.addEventListener('ds-ready', (e) => {
      this.status = e.detail
    })
    const fromHash = location.hash.slice(1)
    if (isTab(fromHash)) this.tab = fromHash
    this.takeFollowLink()
  }

  /** A follow link (`#follow=…`, issue 16) opens People with Follow filled in. */
  private takeFollowLink(): void {
    const target = followFromHash(location.hash)
    if (target === null) return
    this.prefill = target
    this.threadOf = null
    this.tab = 'people'
    history.replaceState(null, '', '#people')
  }

  private readonly onHashChange = (): void => {
    const tab = location.hash.slice(1)
    if (isTab(tab)) this.select(tab)
    else this.takeFollowLink()
  }

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener('hashchange', this.onHashChange)
  }

  /** Shows a toast (e.g. "A new version is ready" with Reload, from the PWA registration). */
  toast(request: ToastRequest): void {
    if (this.toasts === null || this.toasts === undefined) this.pending.push(request)
    else this.toasts.show(request)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener('hashchange', this.onHashChange)
    this.unsubscribe?.()
    this.unsubscribe = null
    this.stopNotifier?.()
    this.stopNotifier = null
  }

  override firstUpdated(): void {
    for (const r of this.pending.splice(0)) this.toasts.show(r)
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('client') && this.client !== null) void this.start(this.client)
  }

  private async start(client: RpcClient): Promise<void> {
    this.unsubscribe?.()
    this.unsubscribe = client.on((e) => this.onEvent(e))
    this.stopNotifier?.()
    this.stopNotifier = startNotifier(client)
    try {
      this.status = await client.call('node.status', {})
      void this.refreshMessageBadge()
    } catch (err) {
      this.bootError = errorMessage(err)
    }
  }

  private bump(tab: TabId, by = 1): void {
    if (tab === this.tab || by === 0) return
    this.badges = { ...this.badges, [tab]: (this.badges[tab] ?? 0) + by }
  }

  private onEvent(e: NodeEvent): void {
    switch (e.type) {
      case 'status':
        this.status = e.status
        if (e.status.phase === 'ready') void this.refreshMessageBadge()
        break
      case 'post.added':
        if (!e.post.is_own && e.post.audience.type !== 'direct') this.bump('feed')
        break
      case 'posts.added':
        this.bump('feed', e.posts.filter((p) => !p.is_own && p.audience.type !== 'direct').length)
        break
      case 'people.changed':
      case 'groups.changed':
        this.bump('people')
        break
      case 'messages.changed':
        void this.refreshMessageBadge()
        break
      case 'network.changed':
        if (this.status !== null) this.status = { ...this.status, connections: e.connections }
        break
      case 'sync.progress': {
        const next = new Map(this.syncing)
        if (e.progress.done) next.delete(e.progress.peer)
        else next.set(e.progress.peer, e.progress)
        this.syncing = next
        break
      }
      default:
        break
    }
  }

  private async refreshMessageBadge(): Promise<void> {
    if (this.client === null || this.status?.phase !== 'ready') return
    try {
      const threads = await this.client.call('messages.threads', {})
      const unread = threads.reduce((n, t) => n + t.unread, 0)
      this.badges = { ...this.badges, messages: unread }
    } catch {
      // The badge is a hint; the Messages tab shows errors when opened.
    }
  }

  /** Opens `id`'s profile page over the current tab (a thread open over it closes). */
  private showProfile(id: NodeId): void {
    this.threadOf = null
    this.profileOf = id
    window.scrollTo({ top: 0 })
  }

  /** Opens what a search result points at: a tab, for a message its conversation, for a person their profile. */
  private navigate(to: NavigateRequest): void {
    if (to.tab === 'people' && to.peer !== undefined) {
      this.showProfile(to.peer)
      return
    }
    this.openPeer = to.tab === 'messages' ? (to.peer ?? null) : null
    this.select(to.tab === 'people' ? 'people' : to.tab)
    if (to.tab === 'messages' && this.tab === 'messages') this.requestUpdate()
  }

  private select(tab: TabId): void {
    this.threadOf = null
    this.profileOf = null
    if (tab === this.tab) return
    const apply = () => {
      this.tab = tab
      if (tab !== 'messages') this.badges = { ...this.badges, [tab]: 0 }
      history.replaceState(null, '', `#${tab}`)
    }
    const doc = document as Document & { startViewTransition?: (cb: () => Promise<void>) => unknown }
    const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches
    if (doc.startViewTransition !== undefined && !reduced) {
      doc.startViewTransition(async () => {
        apply()
        await this.updateComplete
      })
    } else apply()
  }

  private renderView() {
    if (this.threadOf !== null)
      return html`<ds-post-thread .client=${this.client} .postId=${this.threadOf}></ds-post-thread>`
    if (this.profileOf !== null)
      return html`<ds-profile-page .client=${this.client} .nodeId=${this.profileOf}></ds-profile-page>`
    switch (this.tab) {
      case 'feed':
        return html`<ds-feed-view .client=${this.client}></ds-feed-view>`
      case 'mine':
        return html`<ds-my-posts-view .client=${this.client}></ds-my-posts-view>`
      case 'people':
        return html`<ds-people-view .client=${this.client} .prefill=${this.prefill}></ds-people-view>`
      case 'messages':
        return html`<ds-messages-view .client=${this.client} .openPeer=${this.openPeer}></ds-messages-view>`
      case 'settings':
        return html`<ds-settings-view .client=${this.client} .status=${this.status}></ds-settings-view>`
    }
  }

  private renderSync() {
    if (this.syncing.size === 0) return null
    const bar = syncBar(this.syncing.values())
    return html`<div class="sync" role="status">
      <span>${bar.label}</span>
      ${
        bar.max === undefined
          ? html`<progress aria-label="Sync progress"></progress>`
          : html`<progress max=${Math.max(bar.max, 1)} .value=${bar.value ?? 0} aria-label="Sync progress"></progress>`
      }
    </div>`
  }

  override render() {
    const s = this.status
    if (this.bootError !== null || s?.phase === 'failed') {
      return html`<main class="splash" role="alert"><h1>distsoc could not start</h1>
        <p>${this.bootError ?? s?.error ?? 'Unknown problem.'}</p><button @click=${() => location.reload()}>Try again</button></main>
        <ds-toasts></ds-toasts>`
    }
    if (s === null || s.phase === 'starting') {
      return html`<main class="splash" aria-busy="true"><div class="logo" aria-hidden="true"></div><p>distsoc is starting…</p></main>
        <ds-toasts></ds-toasts>`
    }
    if (s.phase === 'needs-setup') {
      return html`<ds-setup .client=${this.client}></ds-setup><ds-toasts></ds-toasts>`
    }
    return html`
      <header class="top">
        <span class="brand">distsoc</span>
        <ds-search .client=${this.client}></ds-search>
        <span class="net ${s.connections > 0 ? 'on' : ''}" title="Connections">
          <span class="dot" aria-hidden="true"></span>${s.connections > 0 ? `${s.connections} connected` : 'Offline'}
        </span>
      </header>
      ${renderTabBar(this.tab, this.badges, (t) => this.select(t))}
      ${this.renderSync()}
      <main id="panel" role="tabpanel" aria-labelledby=${`tab-${this.tab}`} tabindex="-1">
        <h1 class="visually-hidden">${tabLabel(this.tab)}</h1>
        ${this.renderView()}
      </main>
      <ds-toasts></ds-toasts>
    `
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-app': DsApp
  }
}
