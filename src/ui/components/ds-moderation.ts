/**
 * Settings → muted and blocked (issue 16): everyone the user muted or blocked, each undoable.
 * Local and private: these lists never leave the device except in the user's own data export.
 */
import { html, LitElement } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { PersonView } from '../../core/api/index.ts'
import { NodeQuery, type RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import './ds-person-row.ts'
import { type ModerationLevel, moderate } from './moderate.ts'

/**
 * `<ds-moderation .client>`; reloads on the node's `moderation.changed`.
 * @fires ds-toast - when someone is unmuted or unblocked, and on failures
 */
@customElement('ds-moderation')
export class DsModeration extends LitElement {
  static override styles = [sharedStyles]

  @property({ attribute: false }) client: RpcClient | null = null
  private readonly people = new NodeQuery<PersonView[]>(this, {
    client: () => this.client,
    load: (c) => c.call('people.moderated', {}),
    initial: [],
    reloadOn: ['moderation.changed'],
  })

  private async onModerate(e: CustomEvent<{ person: PersonView; level: ModerationLevel }>): Promise<void> {
    if ((await moderate(this, this.client, e.detail.person, e.detail.level)) !== null)
      await this.people.reload()
  }

  override render() {
    const people = this.people.value
    const muted = people.filter((p) => p.moderation === 'muted')
    const blocked = people.filter((p) => p.moderation === 'blocked')
    return html`<section class="card" aria-labelledby="moderation-title" @ds-person-moderate=${this.onModerate}>
      <h2 id="moderation-title">Muted and blocked</h2>
      <p class="muted">Only you know. Muted people vanish from your feeds; blocked people also from
        Messages, and nothing of theirs is fetched or kept.</p>
      ${
        people.length === 0
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
