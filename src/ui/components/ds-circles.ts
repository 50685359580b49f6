/** Circles management (seed D-1): create, rename, delete, add and remove members. */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { CircleView, NodeId, PastPostsChoice, PersonView } from '../../core/api/index.ts'
import { recipientGroups } from '../logic/index.ts'
import { errorMessage, type RpcClient, showToast } from '../state/index.ts'
import { rowListStyles, sharedStyles } from '../styles/index.ts'
import './ds-avatar.ts'
import './ds-revoke-dialog.ts'

/**
 * `<ds-circles .client .circles .people>`; the node's `circles.changed` event refreshes the list.
 * @fires ds-toast - on success and failure
 */
@customElement('ds-circles')
export class DsCircles extends LitElement {
  static override styles = [
    sharedStyles,
    rowListStyles,
    css`
      .circle {
        border-top: 1px solid var(--ds-border);
        padding: 0.6rem 0;
      }
      .circle h3 {
        margin: 0;
        overflow-wrap: anywhere;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  @property({ attribute: false }) circles: CircleView[] = []
  @property({ attribute: false }) people: PersonView[] = []
  @state() private error: string | null = null
  @state() private renaming: string | null = null
  @state() private confirmDelete: string | null = null
  /** The member being removed, while the past-posts dialog is open. */
  @state() private removing: { circle: string; member: NodeId; pastPosts: number } | null = null

  private nameOf(id: NodeId): string {
    return this.people.find((p) => p.node_id === id)?.display_name || `${id.slice(0, 12)}…`
  }

  private duplicate(name: string, except?: string): boolean {
    return this.circles.some((c) => c.name.toLowerCase() === name.toLowerCase() && c.name !== except)
  }

  private async run(action: () => Promise<unknown>, done: string): Promise<boolean> {
    if (this.client === null) return false
    this.error = null
    try {
      await action()
      showToast(this, { message: done, kind: 'success' })
      return true
    } catch (err) {
      this.error = errorMessage(err)
      return false
    }
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const form = e.target as HTMLFormElement
    const name = String(new FormData(form).get('name') ?? '').trim()
    if (name === '') {
      this.error = 'Give the circle a name.'
      return
    }
    if (this.duplicate(name)) {
      this.error = `You already have a circle called “${name}”.`
      return
    }
    if (
      await this.run(
        () => this.client!.call('circles.create', { name, members: [] }),
        `Circle “${name}” created.`,
      )
    )
      form.reset()
  }

  private async rename(e: SubmitEvent, old: string): Promise<void> {
    e.preventDefault()
    const name = String(new FormData(e.target as HTMLFormElement).get('name') ?? '').trim()
    if (name === '' || name === old) {
      this.renaming = null
      return
    }
    if (this.duplicate(name, old)) {
      this.error = `You already have a circle called “${name}”.`
      return
    }
    if (
      await this.run(
        () => this.client!.call('circles.rename', { name: old, new_name: name }),
        'Circle renamed.',
      )
    )
      this.renaming = null
  }

  private async deleteCircle(name: string): Promise<void> {
    if (this.confirmDelete !== name) {
      this.confirmDelete = name
      return
    }
    this.confirmDelete = null
    await this.run(() => this.client!.call('circles.delete', { name }), `Circle “${name}” deleted.`)
  }

  private async addMember(circle: string, e: Event): Promise<void> {
    const select = e.target as HTMLSelectElement
    const member = select.value as NodeId
    select.value = ''
    if (member === '') return
    await this.run(
      () => this.client!.call('circles.addMember', { name: circle, member }),
      'Added to the circle.',
    )
  }

  private async removeMember(circle: string, member: NodeId, past: PastPostsChoice): Promise<string> {
    const result = await this.client!.call('circles.removeMember', { name: circle, member, past })
    const r = result.revocation
    if (r === undefined || past === 'leave') return `${this.nameOf(member)} removed from “${circle}”.`
    return `${this.nameOf(member)} removed from “${circle}”; ${r.changed.length} past post${r.changed.length === 1 ? '' : 's'} updated.`
  }

  private renderRemoveDialog() {
    const r = this.removing
    if (r === null || this.client === null) return null
    // "Leave past posts" is the default only when there are none; otherwise the cheap revocation.
    return html`<ds-revoke-dialog .client=${this.client} heading=${`Remove ${this.nameOf(r.member)} from “${r.circle}”`}
      .initial=${r.pastPosts === 0 ? 'leave' : 'access-list'}
      .run=${(past: PastPostsChoice) => this.removeMember(r.circle, r.member, past)}
      @ds-close=${() => {
        this.removing = null
      }}></ds-revoke-dialog>`
  }

  private renderCircle(c: CircleView) {
    const candidates = recipientGroups(this.people.filter((p) => !c.members.includes(p.node_id)))
    return html`<section class="circle" aria-label=${`Circle ${c.name}`}>
      <div class="row">
        ${
          this.renaming === c.name
            ? html`<form class="row grow" @submit=${(e: SubmitEvent) => this.rename(e, c.name)}>
                <label class="visually-hidden" for="rename">New name</label>
                <input id="rename" name="name" class="grow" .value=${c.name} />
                <button class="primary">Save</button>
                <button type="button" @click=${() => {
                  this.renaming = null
                }}>Cancel</button>
              </form>`
            : html`<h3 class="title">${c.name} <span class="muted">· ${c.members.length}</span></h3>
                <button class="link" @click=${() => {
                  this.renaming = c.name
                }}>Rename</button>
                <button class="link danger" @click=${() => this.deleteCircle(c.name)}>${this.confirmDelete === c.name ? 'Really delete?' : 'Delete'}</button>`
        }
      </div>
      <ul class="plain">
        ${c.members.map(
          (
            m,
          ) => html`<li><ds-avatar .client=${this.client} node-id=${m} name=${this.nameOf(m)} size="24"></ds-avatar><span>${this.nameOf(m)}</span>
            <button class="link danger" aria-label=${`Remove ${this.nameOf(m)} from ${c.name}`}
              @click=${() => {
                this.removing = { circle: c.name, member: m, pastPosts: c.past_posts ?? 0 }
              }}>Remove</button></li>`,
        )}
      </ul>
      ${
        candidates.length === 0
          ? null
          : html`<label class="visually-hidden" for=${`add-${c.name}`}>Add someone to ${c.name}</label>
            <select id=${`add-${c.name}`} @change=${(e: Event) => this.addMember(c.name, e)}>
              <option value="">+ Add someone…</option>
              ${candidates.map(
                (g) =>
                  html`<optgroup label=${g.label}>${g.people.map((p) => html`<option value=${p.node_id}>${p.display_name || p.node_id}</option>`)}</optgroup>`,
              )}
            </select>`
      }
    </section>`
  }

  override render() {
    return html`<div class="card">
      <h2>Circles</h2>
      <p class="muted">A circle is a named group you can post to; only its members can read those posts.</p>
      <form class="row" @submit=${this.create} novalidate>
        <label class="visually-hidden" for="circle-name">New circle name</label>
        <input id="circle-name" name="name" class="grow" placeholder="New circle, e.g. Family" maxlength="60" />
        <button class="primary">Create circle</button>
      </form>
      <p class="error" role="alert">${this.error ?? ''}</p>
      ${this.circles.length === 0 ? html`<p class="muted">No circles yet.</p>` : this.circles.map((c) => this.renderCircle(c))}
    </div>${this.renderRemoveDialog()}`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-circles': DsCircles
  }
}
