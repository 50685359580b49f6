/**
 * One image attachment of a post. The bytes are fetched from the node and shown only if
 * `createImageBitmap` decodes them as a raster image, through an object URL (issue safety rules).
 */
import { css, html, LitElement, type PropertyValues } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { BlobId, PostId } from '../../core/api/index.ts'
import { decodeImage } from '../media/index.ts'
import type { RpcClient } from '../state/index.ts'

/** `<ds-attachment-image .client .post .blob>` */
@customElement('ds-attachment-image')
export class DsAttachmentImage extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    img {
      display: block;
      max-width: 100%;
      max-height: 24rem;
      border-radius: 8px;
      object-fit: contain;
      background: var(--ds-surface-2);
    }
    .note {
      font-size: 0.8rem;
      color: var(--ds-muted);
      padding: 0.5rem;
      border: 1px dashed var(--ds-border);
      border-radius: 8px;
    }
  `

  @property({ attribute: false }) client: RpcClient | null = null
  @property({ attribute: false }) post: PostId | null = null
  @property({ attribute: false }) blob: BlobId | null = null
  @state() private url: string | null = null
  @state() private problem: string | null = null
  private loaded = ''

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.revoke()
    this.loaded = ''
  }

  /** A card reused for another post (issue 12) never shows the previous post's image. */
  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.get('blob') ?? changed.get('post')) === undefined) return
    this.revoke()
    this.problem = null
  }

  override updated(changed: PropertyValues<this>): void {
    if (!changed.has('blob') && !changed.has('client') && this.loaded !== '') return
    const key = `${this.post}/${this.blob}`
    if (this.client === null || this.post === null || this.blob === null || key === this.loaded) return
    this.loaded = key
    void this.load(this.client, this.post, this.blob, key)
  }

  private revoke(): void {
    if (this.url !== null) URL.revokeObjectURL(this.url)
    this.url = null
  }

  private async load(client: RpcClient, post: PostId, blob: BlobId, key: string): Promise<void> {
    this.revoke()
    this.problem = null
    try {
      const { bytes, mime } = await client.call('blob.get', { id: blob, post })
      const data = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime })
      const bitmap = await decodeImage(data)
      if (key !== this.loaded) return
      if (bitmap === null) {
        this.problem = 'Attachment not shown: it is not an image.'
        return
      }
      bitmap.close()
      this.url = URL.createObjectURL(data)
    } catch {
      if (key === this.loaded) this.problem = 'Attachment not available yet.'
    }
  }

  override render() {
    if (this.problem !== null) return html`<div class="note">${this.problem}</div>`
    if (this.url === null) return html`<div class="note" aria-busy="true">Loading image…</div>`
    return html`<img src=${this.url} alt="Image attached to the post" loading="lazy" />`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-attachment-image': DsAttachmentImage
  }
}
