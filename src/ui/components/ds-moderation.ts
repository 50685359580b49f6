/**
 * Settings → muted and blocked (issue 16): everyone the user muted or blocked, each undoable.
 * Local and private: these lists never leave the device except in the user's own data export.
 */
import { html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { PersonView } from '../../core/api/index.ts'
import type { RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import './ds-person-row.ts'
import { errorMessage, showToast } from './events.ts'
import { type ModerationLevel, moderate } from './moderate.ts'

/**
 * `<ds-moderation .client>`; reloads on the node's `moderation.changed`.
 * @fires ds-toast - when someone is unmuted or unblocked, and on failures
 */
@customElement('ds-moderation')
export class DsModeration extends LitElement {
  static override styles = [sharedStyles]

  @property({ attribute: false }) client: RpcClient | null = null
  @state() private people: PersonView[] = []
  private unsubscribe: (() => void) | null = null

  override connectedCallback(): void {
    super.connectedCallback()
    this.unsubscribe =
      this.client?.on((e) => {
        if (e.type === 'moderation.changed') void this.load()
      }) ?? null
    void this.load()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.unsubscribe?.()
  }

  private async load(): Promise<void> {
    try {
      this.people = (await this.client?.call('people.moderated', {})) ?? []
    } catch (err) {
      showToast(this, { message: errorMessage(err), kind: 'error' })
    }
  }

  private async onModerate(e: CustomEvent<{ person: PersonView; level: ModerationLevel }>): Promise<void> {
    if ((await moderate(this, this.client, e.detail.person, e.detail.level)) !== null) await this.load()
  }

  override render() {
    const muted = this.people.filter((p) => p.moderation === 'muted')
    const blocked = this.people.filter((p) => p.moderation === 'blocked')
    return html`<section class="card" aria-labelledby="moderation-title" @ds-person-moderate=${this.onModerate}>
      <h2 id="moderation-title">Muted and blocked</h2>
      <p class="muted">Only you know. Muted people vanish from your feeds; blocked people also from
        Messages, and nothing of theirs is fetched or kept.</p>
      ${
        this.people.length === 0
          ? html`<p class="muted">Nobody is muted or blocked.</p>`
          : html`<h3>Blocked (${blocked.length})</h3>
              ${blocked.map((p) => html`<ds-person-row .person=${p} .client=${this.client} moderate></ds-person-row>`)}
              <h3>Muted (${muted.length})</h3>
              ${muted.map((p) => html`<ds-person-row .person=${p} .client=${this.client} moderate></ds-person-row>`)}`
      }
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-moderation': DsModeration
  }
}
