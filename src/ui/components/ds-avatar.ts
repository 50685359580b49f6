/**
 * A person's face wherever they appear (issue 16): their avatar image from the node, else their
 * initials on a colour of their NodeId, else (no name known yet) their identicon. Decorative: a
 * name is always shown beside it.
 */
import { css, html, LitElement, type PropertyValues } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { NodeId } from '../../core/api/index.ts'
import { identiconGrid, initialsOf } from '../logic/index.ts'
import { avatarUrl, knownAvatarUrl, onAvatarsChanged, type RpcClient } from '../state/index.ts'
import './ds-identicon.ts'

/** `<ds-avatar .client node-id="12D3…" name="Ada Lovelace" size="40">` */
@customElement('ds-avatar')
export class DsAvatar extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      flex: none;
      line-height: 0;
      border-radius: 50%;
      overflow: hidden;
      vertical-align: middle;
    }
    img {
      display: block;
      object-fit: cover;
    }
    .initials {
      display: grid;
      place-items: center;
      font-weight: 700;
      line-height: 1;
      letter-spacing: 0.02em;
      user-select: none;
    }
  `

  @property({ attribute: false }) client: RpcClient | null = null
  @property({ attribute: 'node-id' }) nodeId = ''
  /** The name shown beside it; gives the initials of the fallback. */
  @property() name = ''
  @property({ type: Number }) size = 40
  @state() private url: string | null = null
  private unsubscribe: (() => void) | null = null
  private asked = ''

  override connectedCallback(): void {
    super.connectedCallback()
    this.asked = ''
    // A reused card is moved (disconnected, connected) in the list: listen again.
    if (this.client !== null && this.unsubscribe === null) this.subscribe(this.client)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.unsubscribe?.()
    this.unsubscribe = null
  }

  private subscribe(client: RpcClient): void {
    this.unsubscribe = onAvatarsChanged(client, () => this.load(true))
  }

  /** A card reused for another person shows that person's face at once, never the previous one's. */
  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('nodeId') && changed.get('nodeId') !== undefined)
      this.url = this.client === null ? null : knownAvatarUrl(this.client, this.nodeId as NodeId)
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('client')) {
      this.unsubscribe?.()
      this.unsubscribe = null
      if (this.client !== null) this.subscribe(this.client)
      // Without a client the generated avatar shows; a new client is asked afresh.
      this.asked = ''
      if (this.client === null) this.url = null
    }
    this.load(false)
  }

  private load(again: boolean): void {
    const { client, nodeId } = this
    if (client === null || nodeId === '' || (!again && this.asked === nodeId)) return
    this.asked = nodeId
    void avatarUrl(client, nodeId as NodeId).then((url) => {
      if (this.nodeId === nodeId) this.url = url
    })
  }

  override render() {
    const px = `${this.size}px`
    if (this.url !== null)
      return html`<img src=${this.url} alt="" width=${this.size} height=${this.size} aria-hidden="true" />`
    const letters = initialsOf(this.name)
    if (letters === null) return html`<ds-identicon node-id=${this.nodeId} size=${this.size}></ds-identicon>`
    const { hue } = identiconGrid(this.nodeId)
    return html`<span class="initials" aria-hidden="true"
      style=${`width:${px};height:${px};font-size:${Math.round(this.size * 0.4)}px;background:hsl(${hue} 45% 32%);color:#fff`}>${letters}</span>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-avatar': DsAvatar
  }
}
