/**
 * People → Groups (issue 14): create a group, the invitations waiting (accept or decline), the
 * groups the user is in; choosing one opens it (`ds-group-view`).
 */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { GroupId, GroupView } from '../../core/api/index.ts'
import { groupErrorText, ROLE_LABELS } from '../logic/index.ts'
import { type RpcClient, showToast } from '../state/index.ts'
import { sharedStyles, viewLayoutStyles } from '../styles/index.ts'
import './ds-group-view.ts'

/**
 * `<ds-groups .client .groups .loaded>`; the owner reloads `groups` on the node's `groups.changed`.
 * @fires ds-toast - on create, accept, decline and failures
 */
@customElement('ds-groups')
export class DsGroups extends LitElement {
  static override styles = [
    sharedStyles,
    viewLayoutStyles,
    css`
      /* Invitations first on a phone; beside the list on a wide screen. */
      .layout {
        gap: 0 0.75rem;
      }
      @media (min-width: 1000px) {
        .invites {
          grid-column: 2;
          grid-row: 1;
        }
      }
      .group {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        width: 100%;
        text-align: left;
        border: none;
        border-top: 1px solid var(--ds-border);
        border-radius: 0;
        background: none;
        padding: 0.7rem 0.2rem;
        min-height: 3rem;
      }
      .group:hover {
        background: var(--ds-surface-2);
      }
      .group .name {
        flex: 1;
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .group .muted {
        font-weight: 400;
      }
      .invite {
        border-top: 1px solid var(--ds-border);
        padding: 0.6rem 0;
      }
      .invite strong {
        overflow-wrap: anywhere;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @property({ attribute: false }) groups: GroupView[] = []
  /** False until the first `groups.list` answered (shows Loading). */
  @property({ type: Boolean }) loaded = false
  @state() private open: GroupId | null = null
  @state() private error: string | null = null
  @state() private busy: string | null = null

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const form = e.target as HTMLFormElement
    const name = String(new FormData(form).get('name') ?? '').trim()
    if (name === '') {
      this.error = 'Give the group a name.'
      return
    }
    if (this.client === null) return
    this.busy = 'create'
    this.error = null
    try {
      const group = await this.client.call('groups.create', { name })
      form.reset()
      showToast(this, {
        message: `Group “${group.name}” created. Invite people from its page.`,
        kind: 'success',
      })
      this.open = group.id
    } catch (err) {
      this.error = groupErrorText(err, 'invite')
    } finally {
      this.busy = null
    }
  }

  private async answer(g: GroupView, accept: boolean): Promise<void> {
    if (this.client === null) return
    this.busy = g.id
    this.error = null
    try {
      if (accept) await this.client.call('groups.acceptInvite', { id: g.id })
      else await this.client.call('groups.leave', { id: g.id })
      showToast(this, {
        message: accept ? `You joined “${g.name}”.` : `Invitation to “${g.name}” declined.`,
        kind: 'success',
      })
      if (accept) this.open = g.id
    } catch (err) {
      this.error = groupErrorText(err, accept ? 'accept' : 'leave', g.my_role)
    } finally {
      this.busy = null
    }
  }

  private inviterName(g: GroupView): string {
    return g.members.find((m) => m.node_id === g.creator)?.name ?? 'Someone'
  }

  private renderInvitations(invites: GroupView[]) {
    if (invites.length === 0) return null
    return html`<section class="card invites" aria-labelledby="invites-title">
      <h2 id="invites-title">Invitations (${invites.length})</h2>
      ${invites.map(
        (g) => html`<div class="invite" aria-label=${`Invitation to ${g.name}`} role="group">
          <div><strong>${g.name}</strong></div>
          <div class="muted">From ${this.inviterName(g)} · ${g.members.length} ${g.members.length === 1 ? 'member' : 'members'} · you would be ${g.my_role === null ? 'a member' : ROLE_LABELS[g.my_role]}</div>
          <div class="row">
            <button class="primary" ?disabled=${this.busy !== null} @click=${() => this.answer(g, true)}>${this.busy === g.id ? 'Joining…' : 'Accept'}</button>
            <button ?disabled=${this.busy !== null} @click=${() => this.answer(g, false)}>Decline</button>
          </div>
        </div>`,
      )}
    </section>`
  }

  private renderList(mine: GroupView[]) {
    if (!this.loaded) return html`<p class="empty" aria-busy="true">Loading groups…</p>`
    if (mine.length === 0)
      return html`<div class="empty"><strong>You are in no group yet</strong>Create one above, or accept an invitation when a friend adds you.</div>`
    return html`<div role="list">${mine.map(
      (g) => html`<div role="listitem"><button class="group" @click=${() => {
        this.open = g.id
      }}>
        <span class="name"><strong>${g.name}</strong><br /><span class="muted">${g.members.length} ${g.members.length === 1 ? 'member' : 'members'}</span></span>
        <span class="badge">${g.my_role !== null ? ROLE_LABELS[g.my_role] : g.removed !== undefined ? 'You were removed' : 'Left'}</span>
        <span aria-hidden="true">›</span>
      </button></div>`,
    )}</div>`
  }

  override render() {
    if (this.open !== null)
      return html`<ds-group-view .client=${this.client} .groupId=${this.open} @ds-group-close=${() => {
        this.open = null
      }}></ds-group-view>`
    const invites = this.groups.filter((g) => !g.accepted && g.my_role !== null)
    // a group the user was removed from stays listed, badged, so they see what happened (left ones drop)
    const mine = this.groups.filter((g) => g.accepted && (g.my_role !== null || g.removed !== undefined))
    return html`<div class="layout">${this.renderInvitations(invites)}
      <section class="card" aria-labelledby="groups-title">
        <h2 id="groups-title">Your groups</h2>
        <p class="muted">A group has its own key: a post is sealed once for the whole group, and
          members get the key when they join. Roles decide who may post and who manages members.</p>
        <form class="row" @submit=${this.create} novalidate>
          <label class="visually-hidden" for="group-name">New group name</label>
          <input id="group-name" name="name" class="grow" placeholder="New group, e.g. Book club" maxlength="64" autocomplete="off" />
          <button class="primary" ?disabled=${this.busy !== null}>${this.busy === 'create' ? 'Creating…' : 'Create group'}</button>
        </form>
        <p class="error" role="alert">${this.error ?? ''}</p>
        ${this.renderList(mine)}
      </section></div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-groups': DsGroups
  }
}
