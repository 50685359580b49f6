/** One DM conversation: the messages with a peer (feed query `thread`) and a reply box. */
import { css, html, LitElement, type PropertyValues } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { NodeId, PostView } from '../../core/api/index.ts'
import { checkCompose, relativeTime } from '../logic/index.ts'
import { NodeAction, NodeQuery, type RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import './ds-avatar.ts'
import { openProfile } from './open-profile.ts'

/**
 * `<ds-thread .client .peer peer-name="…">`
 * @fires ds-toast - when sending fails
 * @fires ds-open-profile - detail `{ node_id }` when the peer's name is pressed
 */
@customElement('ds-thread')
export class DsThread extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      ol {
        list-style: none;
        padding: 0;
        margin: 0 0 0.75rem;
        display: flex;
        flex-direction: column;
        gap: 0.4rem;
      }
      li {
        max-width: 80%;
        padding: 0.5rem 0.75rem;
        border-radius: 12px;
        background: var(--ds-surface-2);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      li.own {
        align-self: flex-end;
        background: var(--ds-accent);
        color: var(--ds-on-accent);
      }
      li time {
        display: block;
        font-size: 0.7rem;
        opacity: 0.75;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @property({ attribute: false }) peer: NodeId | null = null
  @property({ attribute: 'peer-name' }) peerName = ''
  private readonly messages = new NodeQuery<PostView[]>(this, {
    client: () => this.client,
    load: async (c) =>
      [
        ...(await c.call('feed.page', { query: { type: 'thread', peer: this.peer! }, limit: 100 })).posts,
      ].reverse(),
    initial: [],
    key: () => this.peer,
    loadOnConnect: false,
    reloadOn: ['messages.changed'],
    after: async (_, c) => {
      await c.call('messages.markRead', { peer: this.peer! })
    },
  })
  private readonly action = new NodeAction(this, () => this.client)
  @state() private text = ''

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('peer')) void this.messages.reload()
  }

  private async send(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const to = this.peer
    if (to === null || !checkCompose(this.text, 0).ok) return
    const sent = await this.action.run(async (c) => {
      const message = await c.call('messages.send', { to, content: this.text })
      this.messages.value = [...this.messages.value, message]
    })
    if (sent) this.text = ''
  }

  override render() {
    const now = Date.now()
    const check = checkCompose(this.text, 0)
    return html`<section class="card" aria-label=${`Conversation with ${this.peerName}`}>
      <h2><button class="person-link" aria-label=${`Profile of ${this.peerName}`}
        @click=${() => this.peer !== null && openProfile(this, this.peer)}><ds-avatar .client=${this.client}
        node-id=${this.peer ?? ''} name=${this.peerName} size="32"></ds-avatar><span>${this.peerName}</span></button></h2>
      ${this.messages.value.length === 0 ? html`<p class="muted">No messages yet. Say hello.</p>` : null}
      <ol>
        ${this.messages.value.map(
          (m) => html`<li class=${m.is_own ? 'own' : ''}>${m.content ?? 'Cannot be decrypted on this device.'}
            <time datetime=${new Date(m.created_at).toISOString()}>${relativeTime(m.created_at, now)}</time></li>`,
        )}
      </ol>
      <form class="row" @submit=${this.send}>
        <label class="visually-hidden" for="reply">Reply</label>
        <textarea id="reply" class="grow" rows="2" placeholder="Write a message" .value=${this.text}
          @input=${(e: InputEvent) => {
            this.text = (e.target as HTMLTextAreaElement).value
          }}></textarea>
        <button class="primary" ?disabled=${!check.ok || this.action.busy}>Send</button>
      </form>
      ${check.remaining < 0 ? html`<p class="error" role="alert">${check.message}</p>` : null}
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-thread': DsThread
  }
}
