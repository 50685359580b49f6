/**
 * The Messages tab (seed D-1 DMs): threads with people you follow, requests from people you don't
 * kept apart with Accept / Ignore, and a composer whose recipient picker lists follows first.
 */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { NodeId, PersonView, ThreadView } from '../../core/api/index.ts'
import { checkCompose, checkFollowTarget, recipientGroups, relativeTime } from '../logic/index.ts'
import { errorMessage, NodeAction, NodeQuery, type RpcClient, showToast } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import './ds-avatar.ts'
import './ds-thread.ts'
import { moderate, nameOrThem } from './moderate.ts'
import { openProfile } from './open-profile.ts'

/**
 * `<ds-messages-view .client>`
 * @fires ds-toast - on accept / ignore / send and failures
 */
@customElement('ds-messages-view')
export class DsMessagesView extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.75rem;
      }
      .head {
        flex-wrap: nowrap;
      }
      .head h2 {
        white-space: nowrap;
        overflow-wrap: normal;
      }
      .head button {
        white-space: nowrap;
        flex: none;
      }
      @media (min-width: 900px) {
        .layout {
          grid-template-columns: 22rem minmax(0, 1fr);
          align-items: start;
        }
      }
      .thread {
        display: flex;
        gap: 0.6rem;
        align-items: center;
        width: 100%;
        text-align: left;
        background: none;
        border: none;
        border-top: 1px solid var(--ds-border);
        border-radius: 0;
        padding: 0.6rem 0.2rem;
        font-weight: 400;
      }
      .thread[aria-current='true'] {
        background: var(--ds-surface-2);
      }
      .thread .who {
        flex: 1;
        min-width: 0;
      }
      .preview {
        display: block;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .unread {
        background: var(--ds-accent);
        color: var(--ds-on-accent);
        border-color: var(--ds-accent);
      }
      .request {
        border-top: 1px solid var(--ds-border);
        padding: 0.5rem 0;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  /** A conversation to open once threads are loaded (search results lead here). */
  @property({ attribute: false }) openPeer: NodeId | null = null
  private readonly threads = new NodeQuery<ThreadView[]>(this, {
    client: () => this.client,
    load: (c) => c.call('messages.threads', {}),
    initial: [],
    // A profile that arrived turns an id fragment into a name in the thread list too.
    reloadOn: ['messages.changed', 'people.changed', 'moderation.changed'],
    after: () => this.openWanted(),
  })
  private readonly people = new NodeQuery<PersonView[]>(this, {
    client: () => this.client,
    load: (c) => c.call('people.list', { filter: 'all' }),
    initial: [],
    reloadOn: ['people.changed'],
  })
  private readonly action = new NodeAction(this, () => this.client)
  @state() private open: ThreadView | null = null
  @state() private composing = false
  @state() private error: string | null = null
  /** Who the composer was opened for (a profile's Message with no conversation yet). */
  @state() private composeTo: NodeId | null = null
  /** The `openPeer` already acted on, so later reloads do not reopen it. */
  private handled: NodeId | null = null

  private openWanted(): void {
    if (this.openPeer === null || this.openPeer === this.handled) return
    const thread = this.threads.value.find((t) => t.peer === this.openPeer)
    if (thread === undefined) {
      if (!this.threads.loaded) return
      // No conversation yet: the composer, addressed to them.
      this.composeTo = this.openPeer
      this.composing = true
      this.open = null
    } else {
      this.open = thread
      this.composing = false
    }
    this.handled = this.openPeer
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('openPeer')) this.openWanted()
  }

  private async accept(t: ThreadView): Promise<void> {
    const who = nameOrThem({ display_name: t.peer_name })
    const done = { message: `Accepted — you now follow ${who}.`, kind: 'success' } as const
    if (await this.action.run((c) => c.call('messages.accept', { peer: t.peer }), done))
      await this.threads.reload()
  }

  private async block(t: ThreadView): Promise<void> {
    const person = { node_id: t.peer, display_name: t.peer_name } as PersonView
    if ((await moderate(this, this.client, person, 'blocked')) === null) return
    if (this.open?.peer === t.peer) this.open = null
    await this.threads.reload()
  }

  private async ignore(t: ThreadView): Promise<void> {
    const done = { message: `Ignored ${t.peer_name}.` }
    if (await this.action.run((c) => c.call('messages.ignore', { peer: t.peer }), done))
      await this.threads.reload()
  }

  private async send(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const form = e.target as HTMLFormElement
    const data = new FormData(form)
    const pasted = String(data.get('to-id') ?? '').trim()
    const to = pasted === '' ? String(data.get('to') ?? '') : pasted
    const content = String(data.get('content') ?? '')
    const check = checkCompose(content, 0)
    if (to === '') this.error = 'Pick who to write to, or paste their NodeId or connect string.'
    else if (pasted !== '') this.error = checkFollowTarget(pasted)
    else this.error = null
    if (this.error === null && !check.ok) this.error = check.message ?? null
    if (this.error !== null || this.client === null) return
    try {
      const sent = await this.client.call('messages.send', { to, content })
      const peer =
        sent.audience.type === 'direct' ? sent.audience.recipients.find((r) => r !== sent.author) : undefined
      form.reset()
      this.composing = false
      this.composeTo = null
      showToast(this, { message: 'Message sent.', kind: 'success' })
      await this.threads.reload()
      this.open = this.threads.value.find((t) => t.peer === peer) ?? null
    } catch (err) {
      this.error = errorMessage(err)
    }
  }

  private renderThread(t: ThreadView, now: number) {
    return html`<li><button class="thread" aria-current=${this.open?.peer === t.peer} @click=${() => {
      this.open = t
      this.composing = false
    }}>
      <ds-avatar .client=${this.client} node-id=${t.peer} name=${t.peer_name} size="36"></ds-avatar>
      <span class="who"><strong>${t.peer_name}</strong> <span class="muted">· ${relativeTime(t.last_message_at, now)}</span>
        <span class="preview muted">${t.last_preview}</span></span>
      ${t.unread > 0 ? html`<span class="badge unread" aria-label=${`${t.unread} unread`}>${t.unread}</span>` : null}
    </button></li>`
  }

  private renderCompose() {
    const groups = recipientGroups(this.people.value)
    return html`<form class="card" @submit=${this.send} novalidate aria-label="New message">
      <h2>New message</h2>
      <label for="to">To</label>
      <select id="to" name="to">
        <option value="">Choose someone…</option>
        ${groups.map(
          (g) =>
            html`<optgroup label=${g.label}>${g.people.map((p) => html`<option value=${p.node_id} ?selected=${p.node_id === this.composeTo}>${p.display_name || p.node_id}</option>`)}</optgroup>`,
        )}
      </select>
      <label for="to-id">Or paste a NodeId or connect string</label>
      <input id="to-id" name="to-id" class="mono" placeholder="distsoc:12D3KooW… or 12D3KooW…" spellcheck="false" autocomplete="off"
        .value=${this.composeTo !== null && !this.people.value.some((p) => p.node_id === this.composeTo) ? this.composeTo : ''} />
      <label for="content">Message</label>
      <textarea id="content" name="content" rows="4"></textarea>
      <p class="error" role="alert">${this.error ?? ''}</p>
      <div class="row" style="justify-content:flex-end">
        <button type="button" @click=${() => {
          this.composing = false
          this.composeTo = null
        }}>Cancel</button>
        <button class="primary">Send</button>
      </div>
    </form>`
  }

  override render() {
    const now = Date.now()
    const chats = this.threads.value.filter((t) => !t.is_request)
    const requests = this.threads.value.filter((t) => t.is_request)
    return html`<div class="layout">
      <div>
        <div class="card">
          <div class="row head"><h2 class="title">Conversations</h2>
            <button class="primary" @click=${() => {
              this.composing = true
              this.composeTo = null
              this.open = null
            }}>New message</button></div>
          ${
            this.threads.loaded && chats.length === 0
              ? html`<div class="empty"><strong>No conversations yet</strong>Press “New message” to write to someone you follow.</div>`
              : html`<ul class="plain">${chats.map((t) => this.renderThread(t, now))}</ul>`
          }
        </div>
        ${
          requests.length === 0
            ? null
            : html`<section class="card" aria-labelledby="requests-title">
                <h2 id="requests-title">Message requests (${requests.length})</h2>
                <p class="muted">From people you do not follow. Accepting follows them.</p>
                ${requests.map(
                  (t) => html`<div class="request">
                    <div class="row"><button class="person-link grow" aria-label=${`Profile of ${t.peer_name}`}
                      @click=${() => openProfile(this, t.peer)}><ds-avatar .client=${this.client} node-id=${t.peer} name=${t.peer_name} size="32"></ds-avatar><strong>${t.peer_name}</strong></button></div>
                    <p class="preview muted">${t.last_preview}</p>
                    <div class="row">
                      <button class="primary" @click=${() => this.accept(t)}>Accept</button>
                      <button @click=${() => this.ignore(t)}>Ignore</button>
                      <button class="danger" @click=${() => this.block(t)}>Block</button>
                    </div></div>`,
                )}
              </section>`
        }
      </div>
      <div>
        ${
          this.composing
            ? this.renderCompose()
            : this.open === null
              ? html`<div class="card empty"><strong>Pick a conversation</strong>Or start a new one.</div>`
              : html`<ds-thread .client=${this.client} .peer=${this.open.peer} peer-name=${this.open.peer_name}></ds-thread>`
        }
      </div>
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-messages-view': DsMessagesView
  }
}
