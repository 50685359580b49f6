/** One person in a list (seed: profiles with identicons): identicon, name, bio, short NodeId, an action. */
import { css, html, LitElement } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { PersonView } from '../../core/api/index.ts'
import type { RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import './ds-avatar.ts'
import { openProfile } from './open-profile.ts'

/**
 * `<ds-person-row .person action="Follow">`
 * @fires ds-person-action - detail: the `PersonView` when the action button is pressed
 * @fires ds-person-moderate - detail `{ person, level }` when Mute, Block or their undo is pressed
 * @fires ds-open-profile - detail `{ node_id }` when the avatar or name is pressed (issue 16)
 */
@customElement('ds-person-row')
export class DsPersonRow extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .person {
        display: flex;
        gap: 0.75rem;
        align-items: flex-start;
        padding: 0.6rem 0;
        border-top: 1px solid var(--ds-border);
      }
      .who {
        flex: 1;
        min-width: 0;
      }
      .who .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .bio {
        margin: 0.15rem 0;
        overflow-wrap: anywhere;
        white-space: pre-wrap;
      }
      .actions {
        display: flex;
        flex-direction: column;
        align-items: flex-end;
        gap: 0.2rem;
      }
      .moderation {
        font-size: 0.75rem;
      }
      details summary {
        cursor: pointer;
        color: var(--ds-muted);
        font-size: 0.8rem;
      }
    `,
  ]

  @property({ attribute: false }) person: PersonView | null = null
  /** For the avatar image; without it the generated avatar shows. */
  @property({ attribute: false }) client: RpcClient | null = null
  /** Label of the action button; empty hides it. */
  @property() action = ''
  @property({ type: Boolean }) danger = false
  /** Offers Mute and Block (or undoing them) beside the action. */
  @property({ type: Boolean }) moderate = false

  private moderateTo(level: 'none' | 'muted' | 'blocked'): void {
    if (this.person === null) return
    this.dispatchEvent(
      new CustomEvent('ds-person-moderate', {
        detail: { person: this.person, level },
        bubbles: true,
        composed: true,
      }),
    )
  }

  private renderModeration(p: PersonView, name: string) {
    if (!this.moderate) return null
    if (p.moderation === 'blocked')
      return html`<button class="link" aria-label=${`Unblock ${name}`} @click=${() => this.moderateTo('none')}>Unblock</button>`
    return html`${
      p.moderation === 'muted'
        ? html`<button class="link" aria-label=${`Unmute ${name}`} @click=${() => this.moderateTo('none')}>Unmute</button>`
        : html`<button class="link" aria-label=${`Mute ${name}`} @click=${() => this.moderateTo('muted')}>Mute</button>`
    }<button class="link danger" aria-label=${`Block ${name}`} @click=${() => this.moderateTo('blocked')}>Block</button>`
  }

  override render() {
    const p = this.person
    if (p === null) return null
    const name = p.display_name.trim() === '' ? 'Unnamed' : p.display_name
    return html`<div class="person">
      <button class="person-link" tabindex="-1" aria-hidden="true" @click=${() => openProfile(this, p.node_id)}>
        <ds-avatar .client=${this.client} node-id=${p.node_id} name=${p.display_name} size="40"></ds-avatar></button>
      <div class="who">
        <div class="name"><button class="person-link name" aria-label=${`Profile of ${name}`}
          @click=${() => openProfile(this, p.node_id)}>${name}</button> ${(p.relation === 'follow' || p.following) && this.action !== 'Unfollow' ? html`<span class="badge">Following</span>` : null}${
            p.moderation === undefined
              ? null
              : html` <span class="badge moderation">${p.moderation === 'muted' ? 'Muted' : 'Blocked'}</span>`
          }</div>
        ${p.bio === '' ? null : html`<p class="bio muted">${p.bio}</p>`}
        <details>
          <summary>${p.node_id.slice(0, 16)}…</summary>
          <div class="mono">${p.node_id}</div>
          ${p.anchors.length === 0 ? null : html`<div class="muted">Anchors: ${p.anchors.join(', ')}</div>`}
        </details>
      </div>
      <div class="actions">
      ${
        this.action === ''
          ? null
          : html`<button class=${this.danger ? 'danger' : 'primary'} aria-label=${`${this.action} ${name}`}
              @click=${() => this.dispatchEvent(new CustomEvent('ds-person-action', { detail: p, bubbles: true, composed: true }))}>${this.action}</button>`
      }
      ${this.renderModeration(p, name)}
      </div>
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-person-row': DsPersonRow
  }
  interface HTMLElementEventMap {
    'ds-person-action': CustomEvent<PersonView>
    'ds-person-moderate': CustomEvent<{ person: PersonView; level: 'none' | 'muted' | 'blocked' }>
  }
}
