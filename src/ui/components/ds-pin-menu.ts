/**
 * A post's menu for someone else's post (issue 15): pin it as a replica of the author's original
 * (anchor pin), keep an own copy (fork pin), or unpin. Pins are outside the hosting quota.
 */
import { css, html, LitElement, type PropertyValues } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { PostView } from '../../core/api/index.ts'
import { PIN_LABELS } from '../logic/index.ts'
import { errorMessage, type RpcClient, showToast } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'

/**
 * `<ds-pin-menu .client .post>`
 * @fires ds-toast - after pinning or unpinning, or when it fails
 * @fires ds-menu-toggle - detail `{ open }` when the menu opens or closes (the card lifts itself above its neighbours)
 */
@customElement('ds-pin-menu')
export class DsPinMenu extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: inline-block;
      }
      details {
        position: relative;
      }
      summary {
        list-style: none;
        cursor: pointer;
        padding: 0.15rem 0.5rem;
        border-radius: 8px;
      }
      summary::-webkit-details-marker {
        display: none;
      }
      [role='menu'] {
        position: absolute;
        right: 0;
        z-index: 2;
        display: grid;
        min-width: 15rem;
        background: var(--ds-surface);
        border: 1px solid var(--ds-border);
        border-radius: 10px;
        padding: 0.3rem;
      }
      [role='menu'] button {
        text-align: left;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @property({ attribute: false }) post: PostView | null = null
  /** The pin as last set here (the post view's `pinned` until the user changes it). */
  @state() private mode: PostView['pinned'] | null = null
  /** The items exist only while the menu is open: a feed shows this menu on every card (issue 12). */
  @state() private open = false

  /** A card reused for another post (issue 12) starts with that post's pin and a closed menu. */
  override willUpdate(changed: PropertyValues<this>): void {
    const before = changed.get('post')
    if (before === undefined || before?.id === this.post?.id) return
    this.mode = null
    this.open = false
    const details = this.renderRoot.querySelector('details')
    if (details?.open === true) details.open = false
  }

  private current(): PostView['pinned'] {
    return this.mode === null ? this.post?.pinned : this.mode
  }

  private async act(mode: 'anchor' | 'fork' | undefined): Promise<void> {
    const post = this.post
    if (post === null || this.client === null) return
    try {
      if (mode === undefined) await this.client.call('post.unpin', { id: post.id })
      else await this.client.call('post.pin', { id: post.id, mode })
      this.mode = mode
      showToast(this, { message: mode === undefined ? 'Unpinned.' : `${PIN_LABELS[mode]}.`, kind: 'success' })
    } catch (err) {
      showToast(this, { message: errorMessage(err), kind: 'error' })
    }
    const details = this.renderRoot.querySelector('details')
    if (details !== null) details.open = false
  }

  private onToggle(e: Event): void {
    const open = (e.target as HTMLDetailsElement).open
    this.open = open
    this.dispatchEvent(new CustomEvent('ds-menu-toggle', { detail: { open }, bubbles: true }))
  }

  override render() {
    const pinned = this.current()
    return html`<details @toggle=${this.onToggle}>
      <summary aria-label="Post menu" title="Post menu">${pinned === undefined ? '⋯' : '📌 ⋯'}</summary>
      ${this.open ? this.renderItems(pinned) : null}
    </details>`
  }

  private renderItems(pinned: PostView['pinned']) {
    return html`<div role="menu">
        ${
          pinned === 'anchor'
            ? null
            : html`<button role="menuitem" class="link" @click=${() => this.act('anchor')}>Pin: serve the original for the author</button>`
        }
        ${
          pinned === 'fork'
            ? null
            : html`<button role="menuitem" class="link" @click=${() => this.act('fork')}>Pin: keep my own copy</button>`
        }
        ${
          pinned === undefined
            ? null
            : html`<button role="menuitem" class="link" @click=${() => this.act(undefined)}>Unpin</button>`
        }
      </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-pin-menu': DsPinMenu
  }
}
