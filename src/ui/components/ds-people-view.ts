/**
 * The People tab (seed Phase B/C): follow by NodeId or connect string, your own connect string to
 * share, the people you follow and peers suggested by gossip; and Groups (issue 14) behind a
 * People | Groups switch — a sixth tab would not fit a phone's tab bar, and groups are people.
 */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { GroupView, PersonView } from '../../core/api/index.ts'
import { checkFollowTarget, followLink } from '../logic/index.ts'
import { errorMessage, NodeAction, NodeQuery, type RpcClient, showToast } from '../state/index.ts'
import './ds-connect-qr.ts'
import { sharedStyles, viewLayoutStyles } from '../styles/index.ts'
import './ds-groups.ts'
import './ds-person-row.ts'
import './ds-qr-scanner.ts'
import { type ModerationLevel, moderate, nameOrThem } from './moderate.ts'

/**
 * `<ds-people-view .client>`
 * @fires ds-toast - on follow / unfollow and failures
 */
@customElement('ds-people-view')
export class DsPeopleView extends LitElement {
  static override styles = [
    sharedStyles,
    viewLayoutStyles,
    css`
      .switch {
        display: flex;
        gap: 0.25rem;
        padding: 0.25rem;
        margin-bottom: 0.75rem;
        background: var(--ds-surface);
        border: 1px solid var(--ds-border);
        border-radius: 10px;
        max-width: 24rem;
      }
      .switch button {
        flex: 1;
        border: none;
        background: none;
        min-height: 2.75rem;
      }
      .switch button[aria-pressed='true'] {
        background: var(--ds-accent);
        color: var(--ds-on-accent);
      }
      .switch .count {
        display: inline-block;
        min-width: 1.25rem;
        margin-left: 0.35rem;
        border-radius: 999px;
        background: var(--ds-danger);
        color: #fff;
        font-size: 0.75rem;
        padding: 0 0.35rem;
      }
      .connect {
        background: var(--ds-input);
        border-radius: 8px;
        padding: 0.5rem 0.7rem;
        margin: 0.4rem 0;
      }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  /** A connect string from a follow link (`#follow=…`), put into the Follow field, never followed unasked. */
  @property({ attribute: false }) prefill: string | null = null
  @state() private showQr = false
  private readonly people = new NodeQuery<{ follows: PersonView[]; suggested: PersonView[] }>(this, {
    client: () => this.client,
    load: async (c) => {
      const [follows, suggested] = await Promise.all([
        c.call('people.list', { filter: 'follows' }),
        c.call('people.list', { filter: 'suggested' }),
      ])
      return { follows, suggested: suggested.filter((p) => !p.following && p.relation !== 'self') }
    },
    initial: { follows: [], suggested: [] },
    reloadOn: ['people.changed', 'profile.updated'],
  })
  @state() private connect = ''
  @state() private error: string | null = null
  @state() private busy = false
  /** Which half of the tab shows: people or groups. */
  @state() private section: 'people' | 'groups' = 'people'
  private readonly groups = new NodeQuery<GroupView[]>(this, {
    client: () => this.client,
    load: (c) => c.call('groups.list', {}),
    initial: [],
    reloadOn: ['groups.changed', 'profile.updated'],
  })
  private readonly action = new NodeAction(this, () => this.client)

  override connectedCallback(): void {
    super.connectedCallback()
    void this.client?.call('profile.connectString', {}).then(
      (r) => {
        this.connect = r.connect
      },
      () => undefined,
    )
  }

  private renderSwitch() {
    const invites = this.groups.value.filter((g) => !g.accepted && g.my_role !== null).length
    const pick = (s: 'people' | 'groups') => () => {
      this.section = s
    }
    return html`<div class="switch" role="group" aria-label="Show">
      <button aria-pressed=${this.section === 'people'} @click=${pick('people')}>People</button>
      <button aria-pressed=${this.section === 'groups'} @click=${pick('groups')}>Groups${
        invites > 0
          ? html`<span class="count" aria-label=${`${invites} ${invites === 1 ? 'invitation' : 'invitations'}`}>${invites}</span>`
          : null
      }</button>
    </div>`
  }

  private async follow(target: string): Promise<boolean> {
    if (this.client === null) return false
    this.busy = true
    try {
      const person = await this.client.call('follow.add', { target })
      const name = nameOrThem(person)
      showToast(this, {
        message:
          name === 'them'
            ? 'You now follow them — their name appears as soon as their profile arrives.'
            : `You now follow ${name}.`,
        kind: 'success',
      })
      await this.people.reload()
      return true
    } catch (err) {
      this.error = errorMessage(err)
      return false
    } finally {
      this.busy = false
    }
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const form = e.target as HTMLFormElement
    const target = String(new FormData(form).get('target') ?? '').trim()
    this.error = checkFollowTarget(target)
    if (this.error !== null) return
    if (await this.follow(target)) form.reset()
  }

  /** A scanned code only fills the field (issue 16): the user checks it and presses Follow. */
  private readonly onScanned = async (e: CustomEvent<{ target: string }>): Promise<void> => {
    this.prefill = e.detail.target
    this.error = null
    await this.updateComplete
    // Set directly too: a second scan of the same code must refill a field the user has edited,
    // and binding the value live would wipe whatever the user types on every re-render.
    const input = this.renderRoot.querySelector<HTMLInputElement>('#target')
    if (input !== null) {
      input.value = e.detail.target
      input.focus()
    }
  }

  private async unfollow(p: PersonView): Promise<void> {
    const done = { message: `You no longer follow ${nameOrThem(p)}.` }
    if (await this.action.run((c) => c.call('follow.remove', { node_id: p.node_id }), done))
      await this.people.reload()
  }

  /** The Web Share sheet with the follow link where the browser has one, else the link is copied. */
  private async share(): Promise<void> {
    const url = followLink(location.origin, this.connect)
    if (typeof navigator.share === 'function') {
      try {
        await navigator.share({ title: 'Follow me on distsoc', url })
      } catch {
        // The user closed the share sheet.
      }
      return
    }
    try {
      await navigator.clipboard.writeText(url)
      showToast(this, { message: 'Follow link copied.', kind: 'success' })
    } catch {
      showToast(this, { message: 'Could not copy the link.', kind: 'error' })
    }
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.connect)
      showToast(this, { message: 'Connect string copied.', kind: 'success' })
    } catch {
      showToast(this, { message: 'Could not copy — select the text and copy it yourself.', kind: 'error' })
    }
  }

  private async onModerate(e: CustomEvent<{ person: PersonView; level: ModerationLevel }>): Promise<void> {
    if ((await moderate(this, this.client, e.detail.person, e.detail.level)) !== null)
      await this.people.reload()
  }

  override render() {
    if (this.section === 'groups')
      return html`${this.renderSwitch()}<ds-groups .client=${this.client} .groups=${this.groups.value}
        ?loaded=${this.groups.loaded}></ds-groups>`
    const { follows, suggested } = this.people.value
    return html`${this.renderSwitch()}<div class="layout" @ds-person-moderate=${this.onModerate}>
      <div>
        <section class="card" aria-labelledby="follow-title">
          <h2 id="follow-title">Follow someone</h2>
          <form class="row" @submit=${this.submit} novalidate>
            <label class="visually-hidden" for="target">NodeId or connect string</label>
            <input id="target" name="target" class="grow" placeholder="12D3KooW… or distsoc:…" autocomplete="off"
              .value=${this.prefill ?? ''}
              spellcheck="false" aria-describedby="follow-error" aria-invalid=${this.error !== null} />
            <button class="primary" ?disabled=${this.busy}>Follow</button>
          </form>
          <p id="follow-error" class="error" role="alert">${this.error ?? ''}</p>
          <ds-qr-scanner @ds-scanned=${this.onScanned}></ds-qr-scanner>
        </section>
        <section class="card" aria-labelledby="me-title">
          <h2 id="me-title">Your connect string</h2>
          <p class="muted">Share it so others can follow you and reach you through your anchors.</p>
          <div class="connect mono" data-testid="connect-string">${this.connect || '…'}</div>
          <div class="row">
            <button @click=${this.copy} ?disabled=${this.connect === ''}>Copy</button>
            <button @click=${this.share} ?disabled=${this.connect === ''}>${typeof navigator.share === 'function' ? 'Share' : 'Copy follow link'}</button>
            <button aria-expanded=${this.showQr} @click=${() => {
              this.showQr = !this.showQr
            }} ?disabled=${this.connect === ''}>${this.showQr ? 'Hide QR code' : 'Show QR code'}</button>
          </div>
          ${this.showQr ? html`<ds-connect-qr text=${this.connect}></ds-connect-qr>` : null}
        </section>
      </div>
      <div>
        <section class="card" aria-labelledby="follows-title">
          <h2 id="follows-title">Following (${follows.length})</h2>
          ${
            this.people.loaded && follows.length === 0
              ? html`<div class="empty"><strong>You do not follow anyone yet</strong>Paste a friend's connect string above, or pick someone from the suggestions.</div>`
              : html`<div @ds-person-action=${(e: CustomEvent<PersonView>) => this.unfollow(e.detail)}>
                  ${follows.map((p) => html`<ds-person-row .person=${p} .client=${this.client} action="Unfollow" danger moderate></ds-person-row>`)}</div>`
          }
        </section>
        <section class="card" aria-labelledby="suggested-title">
          <h2 id="suggested-title">Suggested peers</h2>
          ${
            suggested.length === 0
              ? html`<p class="muted">No suggestions yet — they come from peers your anchors introduce.</p>`
              : html`<div @ds-person-action=${(e: CustomEvent<PersonView>) => this.follow(e.detail.node_id)}>
                  ${suggested.map((p) => html`<ds-person-row .person=${p} .client=${this.client} action="Follow" moderate></ds-person-row>`)}</div>`
          }
        </section>
      </div>
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-people-view': DsPeopleView
  }
}
