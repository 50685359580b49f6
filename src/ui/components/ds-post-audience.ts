/** "Who can see this" for one's own encrypted post (seed D-2), with "Remove someone from this post". */
import { css, html, LitElement, type PropertyValues } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { NodeId, PastPostsChoice, PostView } from '../../core/api/index.ts'
import { errorMessage, type RpcClient } from '../state/index.ts'
import { rowListStyles, sharedStyles } from '../styles/index.ts'
import './ds-avatar.ts'
import './ds-revoke-dialog.ts'

/**
 * `<ds-post-audience .client .post>`: a "Who can see this" toggle listing the post's current
 * recipients by name, each with a Remove button that opens the revocation dialog.
 * @fires ds-toast - when a removal is done
 */
@customElement('ds-post-audience')
export class DsPostAudience extends LitElement {
  static override styles = [
    sharedStyles,
    rowListStyles,
    css`
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @property({ attribute: false }) post: PostView | null = null
  @state() private recipients: { id: NodeId; name: string }[] | null = null
  @state() private error: string | null = null
  @state() private removing: { id: NodeId; name: string } | null = null

  /** A card reused for another post (issue 12) starts closed. */
  override willUpdate(changed: PropertyValues<this>): void {
    const before = changed.get('post')
    if (before === undefined || before?.id === this.post?.id) return
    this.recipients = null
    this.removing = null
    this.error = null
  }

  private async load(): Promise<void> {
    if (this.client === null || this.post === null) return
    this.error = null
    try {
      const [{ recipients }, people] = await Promise.all([
        this.client.call('post.audience', { id: this.post.id }),
        this.client.call('people.list', { filter: 'all' }),
      ])
      const me = (await this.client.call('node.status', {})).node_id
      this.recipients = recipients
        .filter((id) => id !== me)
        .map((id) => ({
          id,
          name: people.find((p) => p.node_id === id)?.display_name || `${id.slice(0, 12)}…`,
        }))
    } catch (err) {
      this.error = errorMessage(err)
    }
  }

  private toggle(): void {
    if (this.recipients === null) void this.load()
    else this.recipients = null
  }

  private async removeRecipient(who: NodeId, mode: PastPostsChoice): Promise<string> {
    if (mode === 'leave') return 'Nothing changed.'
    await this.client!.call('post.removeRecipients', { id: this.post!.id, remove: [who], mode })
    this.recipients = null
    return `${this.removing?.name ?? 'They'} can no longer read this post.`
  }

  override render() {
    const r = this.recipients
    return html`<button class="link" aria-expanded=${r !== null} @click=${this.toggle}>Who can see this</button>
      ${
        r === null
          ? null
          : html`<ul class="plain" aria-label="Who can see this post">
            ${r.length === 0 ? html`<li class="muted">Only you.</li>` : null}
            ${r.map(
              (
                p,
              ) => html`<li><ds-avatar .client=${this.client} node-id=${p.id} name=${p.name} size="24"></ds-avatar><span>${p.name}</span>
                <button class="link danger" aria-label=${`Remove ${p.name} from this post`} @click=${() => {
                  this.removing = p
                }}>Remove</button></li>`,
            )}
          </ul>`
      }
      <p class="error" role="alert">${this.error ?? ''}</p>
      ${
        this.removing === null
          ? null
          : html`<ds-revoke-dialog .client=${this.client} heading=${`Remove ${this.removing.name} from this post`}
              .choices=${['access-list', 're-encrypt']}
              .run=${(mode: PastPostsChoice) => this.removeRecipient(this.removing!.id, mode)}
              @ds-close=${() => {
                this.removing = null
              }}></ds-revoke-dialog>`
      }`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-post-audience': DsPostAudience
  }
}
