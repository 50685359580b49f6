/**
 * A group's members (issue 14): each with their role; an Admin changes roles, a Moderator or Admin
 * removes those below them (the past-posts dialog of revocation) and invites by connect string.
 */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { GroupRole, GroupView, NodeId, PastPostsChoice } from '../../core/api/index.ts'
import {
  checkFollowTarget,
  groupErrorText,
  memberLine,
  ROLE_LABELS,
  roleHelp,
  rolesToGive,
} from '../logic/index.ts'
import { type RpcClient, showToast } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'
import './ds-identicon.ts'
import './ds-revoke-dialog.ts'

type Member = GroupView['members'][number]

const ROLE_ORDER = ['admin', 'moderator', 'poster', 'viewer'] as const

/** Members by role (Admins first), then by name. */
function sortMembers(members: readonly Member[]): Member[] {
  return [...members].sort(
    (a, b) =>
      ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) ||
      a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }),
  )
}

/**
 * `<ds-group-members .client .group>`
 * @fires ds-group-changed - detail: the `GroupView` after an invite, role change or removal
 * @fires ds-toast - on success
 */
@customElement('ds-group-members')
export class DsGroupMembers extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      /* One line: identicon, name, role, remove; on a phone the tags may take a second line under the name. */
      li.member {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto;
        align-items: center;
        column-gap: 0.5rem;
        min-height: 2.75rem;
        border-top: 1px solid var(--ds-border);
        padding: 0.3rem 0;
      }
      ul.removable li.member {
        grid-template-columns: auto minmax(0, 1fr) auto auto;
      }
      .who {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        column-gap: 0.4rem;
        row-gap: 0.1rem;
        min-width: 0;
      }
      .who .name {
        min-width: 0;
        max-width: 100%;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .tags {
        display: flex;
        gap: 0.25rem;
        flex: none;
      }
      .tag {
        font-size: 0.72rem;
        line-height: 1.3;
        color: var(--ds-muted);
        border: 1px solid var(--ds-border);
        border-radius: 999px;
        padding: 0 0.4rem;
        white-space: nowrap;
      }
      .tag.invited {
        border-style: dashed;
      }
      li.member .role {
        justify-self: end;
      }
      li.member select {
        width: auto;
        min-height: 2.75rem;
        padding: 0.3rem 0.4rem;
        font-size: 0.9rem;
      }
      button.remove {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        width: 2.75rem;
        min-height: 2.75rem;
        padding: 0;
        background: none;
        border-color: transparent;
      }
      button.remove:hover:not(:disabled) {
        border-color: var(--ds-danger);
      }
      .no-remove {
        width: 2.75rem;
      }
      .invite select {
        width: auto;
      }
      .invite .row {
        margin-top: 0.5rem;
      }
      details {
        margin-top: 0.6rem;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @property({ attribute: false }) group: GroupView | null = null
  /** The user's own NodeId, to tag their row "You". */
  @property({ attribute: false }) self: NodeId | null = null
  @state() private error: string | null = null
  @state() private busy = false
  @state() private removing: Member | null = null
  /** The people invited from this page, so the user sees who still has to accept. */
  @state() private invited: string[] = []

  private changed(view: GroupView): void {
    this.dispatchEvent(new CustomEvent('ds-group-changed', { detail: view, bubbles: true, composed: true }))
  }

  private async invite(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const g = this.group
    if (g === null || this.client === null) return
    const form = e.target as HTMLFormElement
    const data = new FormData(form)
    const target = String(data.get('target') ?? '').trim()
    const role = String(data.get('role') ?? 'poster') as GroupRole
    this.error = checkFollowTarget(target)
    if (this.error !== null) return
    this.busy = true
    try {
      const before = new Set(g.members.map((m) => m.node_id))
      const view = await this.client.call('groups.invite', { id: g.id, target, role })
      const added = view.members.find((m) => !before.has(m.node_id))
      const who = added?.name ?? 'They'
      this.invited = [...this.invited, `${who} as ${ROLE_LABELS[role]}`]
      form.reset()
      showToast(this, {
        message: `${who} invited as ${ROLE_LABELS[role]}. The invitation reaches them when they are next online.`,
        kind: 'success',
      })
      this.changed(view)
    } catch (err) {
      this.error = groupErrorText(err, 'invite', g.my_role)
    } finally {
      this.busy = false
    }
  }

  private async setRole(m: Member, e: Event): Promise<void> {
    const g = this.group
    const select = e.target as HTMLSelectElement
    const role = select.value as GroupRole
    if (g === null || this.client === null || role === m.role) return
    this.busy = true
    this.error = null
    try {
      const view = await this.client.call('groups.setRole', { id: g.id, member: m.node_id, role })
      showToast(this, { message: `${m.name} is now ${ROLE_LABELS[role]}.`, kind: 'success' })
      this.changed(view)
    } catch (err) {
      select.value = m.role
      this.error = groupErrorText(err, 'set-role', g.my_role)
    } finally {
      this.busy = false
    }
  }

  private async removeMember(m: Member, past: PastPostsChoice): Promise<string> {
    const g = this.group
    if (g === null || this.client === null) return ''
    try {
      const view = await this.client.call('groups.removeMember', { id: g.id, member: m.node_id, past })
      this.changed(view)
      const r = view.revocation
      const updated =
        r === undefined ? '' : ` ${r.changed.length} past post${r.changed.length === 1 ? '' : 's'} updated.`
      return `${m.name} removed from “${g.name}”. New posts use a new key they do not get.${updated}`
    } catch (err) {
      throw new Error(groupErrorText(err, 'remove', g.my_role))
    }
  }

  /** `spaced`: some row has a Remove button, so rows without one keep its room and the roles line up. */
  private renderMember(g: GroupView, m: Member, spaced: boolean) {
    const line = memberLine(g, m, this.self)
    const mayRole = g.can.includes('set-role') && m.node_id !== this.self
    return html`<li class="member" aria-label=${line.label}>
      <ds-identicon node-id=${m.node_id} size="28"></ds-identicon>
      <span class="who"><span class="name" title=${line.name}>${line.name}</span>${
        line.tags.length === 0
          ? null
          : html`<span class="tags">${line.tags.map(
              (t) =>
                html`<span class=${t === 'Invited' ? 'tag invited' : 'tag'}
                  title=${t === 'Invited' ? 'Invited, not joined yet' : t}>${t}</span>`,
            )}</span>`
      }</span>
      ${
        mayRole
          ? html`<span class="role"><label class="visually-hidden" for=${`role-${m.node_id}`}>Role of ${line.name}</label>
            <select id=${`role-${m.node_id}`} ?disabled=${this.busy} @change=${(e: Event) => this.setRole(m, e)}>
              ${ROLE_ORDER.map(
                (r) => html`<option value=${r} ?selected=${r === m.role}>${ROLE_LABELS[r]}</option>`,
              )}
            </select></span>`
          : html`<span class="role badge">${ROLE_LABELS[m.role]}</span>`
      }
      ${
        m.removable
          ? html`<button class="remove danger" ?disabled=${this.busy} aria-label=${`Remove ${line.name} from ${g.name}`}
              title=${`Remove ${line.name} from ${g.name}`}
              @click=${() => {
                this.removing = m
              }}><svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor"
                stroke-width="2.2" stroke-linecap="round"><path d="M6 6l12 12M18 6 6 18" /></svg></button>`
          : spaced
            ? html`<span class="no-remove" aria-hidden="true"></span>`
            : null
      }
    </li>`
  }

  private renderInvite(g: GroupView) {
    const roles = rolesToGive(g)
    if (roles.length === 0) return null
    return html`<form class="invite" @submit=${this.invite} novalidate aria-label="Invite to ${g.name}">
      <h3>Invite someone</h3>
      <p class="muted">Paste their connect string (they find it in People → Your connect string). They get
        the group's key once they accept.</p>
      <label for="invite-target">Their connect string</label>
      <input id="invite-target" name="target" placeholder="distsoc:… or 12D3KooW…" autocomplete="off" spellcheck="false"
        aria-describedby="invite-error" />
      <div class="row">
        <label class="visually-hidden" for="invite-role">Role</label>
        <select id="invite-role" name="role">
          ${roles.map((r) => html`<option value=${r} ?selected=${r === 'poster'}>${ROLE_LABELS[r]}</option>`)}
        </select>
        <button class="primary" ?disabled=${this.busy}>${this.busy ? 'Inviting…' : 'Invite'}</button>
      </div>
      ${
        this.invited.length === 0
          ? null
          : html`<p class="muted" role="status">Invited: ${this.invited.join(', ')}. They see the invitation in People → Groups.</p>`
      }
    </form>`
  }

  override render() {
    const g = this.group
    if (g === null) return null
    const removable = g.members.some((m) => m.removable)
    return html`<section class="card" aria-labelledby="members-title">
      <h2 id="members-title">Members (${g.members.length})</h2>
      <ul class=${removable ? 'plain removable' : 'plain'} aria-label="Members of ${g.name}">${sortMembers(
        g.members,
      ).map((m) => this.renderMember(g, m, removable))}</ul>
      <p id="invite-error" class="error" role="alert">${this.error ?? ''}</p>
      ${this.renderInvite(g)}
      <details>
        <summary class="muted">What the roles may do</summary>
        <ul class="muted roles">${ROLE_ORDER.map((r) => html`<li>${roleHelp(r)}</li>`)}</ul>
      </details>
      ${
        this.removing === null || this.client === null
          ? null
          : html`<ds-revoke-dialog .client=${this.client} heading=${`Remove ${this.removing.name} from “${g.name}”`}
              .initial=${'leave'}
              .run=${(past: PastPostsChoice) => this.removeMember(this.removing!, past)}
              @ds-close=${(e: Event) => {
                e.stopPropagation()
                this.removing = null
              }}></ds-revoke-dialog>`
      }
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-group-members': DsGroupMembers
  }
  interface HTMLElementEventMap {
    'ds-group-changed': CustomEvent<GroupView>
  }
}
