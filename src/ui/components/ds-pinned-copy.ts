/**
 * The user's own copy of a post whose author deleted it (issue 15, docs/design.md §12), shown under
 * its fork pin in Settings: closed by default; "Open my copy" shows its text and images (which
 * `blob.get` serves from the copy), marked as the author's deleted post.
 */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { PostView } from '../../core/api/index.ts'
import type { RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import './ds-attachment-image.ts'

/** `<ds-pinned-copy .client .post>` */
@customElement('ds-pinned-copy')
export class DsPinnedCopy extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        flex: 1 1 100%;
        min-width: 0;
      }
      article {
        border-left: 3px solid var(--ds-border);
        padding: 0.3rem 0 0.3rem 0.6rem;
        margin-top: 0.3rem;
      }
      p {
        margin: 0.2rem 0;
        overflow-wrap: anywhere;
        white-space: pre-wrap;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @property({ attribute: false }) post: PostView | null = null
  @state() private open = false

  override render() {
    const p = this.post
    if (p === null) return null
    return html`<button class="link" aria-expanded=${this.open ? 'true' : 'false'} @click=${() => {
      this.open = !this.open
    }}>${this.open ? 'Close my copy' : 'Open my copy'}</button>
      ${
        this.open
          ? html`<article aria-label="Pinned copy">
            <p class="muted">Author deleted this; your pinned copy.</p>
            <p>${p.content ?? 'This copy cannot be read on this device.'}</p>
            ${p.attachments
              .filter((a) => a.mime.startsWith('image/'))
              .map(
                (a) =>
                  html`<ds-attachment-image .client=${this.client} .post=${p.id} .blob=${a.blob}></ds-attachment-image>`,
              )}
          </article>`
          : null
      }`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-pinned-copy': DsPinnedCopy
  }
}
