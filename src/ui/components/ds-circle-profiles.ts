/**
 * Settings → private profiles (issue 14, seed D-4): the circles and groups in one privilege order
 * (most first), and per tier what its members see instead of the public profile. A person in
 * several sees the version of the highest one; the worker seals each version for that tier only
 * (a group's for the group's current key).
 */
import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { ProfileTierRef, ProfileTierView } from '../../core/api/index.ts'
import { checkBio, checkDisplayName } from '../logic/index.ts'
import { NodeQuery, type RpcClient } from '../state/index.ts'
import { sharedStyles } from '../styles/index.ts'

/** The tier a view stands for, as the worker names it. */
const refOf = (t: ProfileTierView): ProfileTierRef =>
  t.group === undefined ? { circle: t.circle } : { group: t.group }
/** A key per tier that a circle and a group of the same name do not share. */
const keyOf = (t: ProfileTierView): string => (t.group === undefined ? `c:${t.circle}` : `g:${t.group}`)

/**
 * `<ds-circle-profiles .client>`
 * @fires ds-toast - when a version was saved or cleared
 */
@customElement('ds-circle-profiles')
export class DsCircleProfiles extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .tiers { list-style: none; padding: 0; margin: 0; }
      .tier { border-top: 1px solid var(--ds-border); padding: 0.5rem 0; }
      .tier:first-child { border-top: none; }
      .rank { display: inline-grid; place-items: center; width: 1.75rem; height: 1.75rem;
        border-radius: 50%; background: var(--ds-input); font-weight: 600; flex: none; }
      .small { font-size: 0.875rem; }
      h3 { font-size: 1rem; margin: 0.75rem 0 0.25rem; }
      .kind { font-size: 0.75rem; font-weight: 500; border: 1px solid var(--ds-border);
        border-radius: 999px; padding: 0 0.45rem; margin-left: 0.35rem; white-space: nowrap; }
      button.link { min-width: 2.75rem; min-height: 2.75rem; }
    `,
  ]

  @property({ attribute: false }) client: RpcClient | null = null
  private readonly tiers = new NodeQuery<ProfileTierView[]>(this, {
    client: () => this.client,
    load: (c) => c.call('profile.tiers', {}),
    initial: [],
    report: 'inline',
  })
  @state() private editing: string | null = null
  /** What is wrong with the typed version, found before asking the node. */
  @state() private invalid: string | null = null

  private run(step: (c: RpcClient) => Promise<ProfileTierView[]>, done?: string): Promise<boolean> {
    this.invalid = null
    return this.tiers.set(step, done === undefined ? undefined : { message: done, kind: 'success' })
  }

  private move(index: number, by: -1 | 1): void {
    const refs = this.tiers.value.map(refOf)
    const other = index + by
    if (other < 0 || other >= refs.length) return
    ;[refs[index], refs[other]] = [refs[other] as ProfileTierRef, refs[index] as ProfileTierRef]
    void this.run((c) => c.call('profile.orderTiers', { tiers: refs }))
  }

  private async save(e: SubmitEvent, t: ProfileTierView): Promise<void> {
    e.preventDefault()
    const data = new FormData(e.target as HTMLFormElement)
    const name = String(data.get('name') ?? '')
    const bio = String(data.get('bio') ?? '')
    this.invalid = checkDisplayName(name) ?? checkBio(bio)
    if (this.invalid !== null) return
    const ok = await this.run(
      (c) =>
        c.call('profile.setTier', { ...refOf(t), fields: { display_name: name.trim(), bio: bio.trim() } }),
      `Saved what ${t.circle} sees. They get it on their next sync.`,
    )
    if (ok) this.editing = null
  }

  private clear(t: ProfileTierView): void {
    void this.run(
      (c) => c.call('profile.setTier', { ...refOf(t), fields: null }),
      `${t.circle} now sees your public profile.`,
    )
    this.editing = null
  }

  private renderTier(t: ProfileTierView, i: number) {
    const id = `tier-${i}`
    const key = keyOf(t)
    const who = t.group === undefined ? `people in ${t.circle}` : `members of ${t.circle}`
    const shows =
      t.fields === null
        ? html`<span class="muted">Sees your public profile</span>`
        : html`<span>Sees <strong>${t.fields.display_name}</strong></span>`
    return html`<li class="tier" aria-labelledby="${id}-name">
      <div class="row">
        <span class="rank" aria-hidden="true">${i + 1}</span>
        <div class="grow">
          <div id="${id}-name"><strong>${t.circle}</strong>${
            t.group === undefined ? null : html`<span class="kind">Group</span>`
          }</div>
          <div class="muted small">${shows} · ${t.sees} of ${t.members} ${t.members === 1 ? 'member' : 'members'}${
            t.sees < t.members ? ' (the others are in a higher tier)' : ''
          }</div>
        </div>
        <button class="link" ?disabled=${this.tiers.busy || i === 0} @click=${() => this.move(i, -1)}
          aria-label="Move ${t.circle} up">↑</button>
        <button class="link" ?disabled=${this.tiers.busy || i === this.tiers.value.length - 1} @click=${() => this.move(i, 1)}
          aria-label="Move ${t.circle} down">↓</button>
        <button class="link" @click=${() => {
          this.editing = this.editing === key ? null : key
        }} aria-expanded=${this.editing === key ? 'true' : 'false'} aria-label="Edit what ${who} see">Edit</button>
      </div>
      ${
        this.editing === key
          ? html`<form @submit=${(e: SubmitEvent) => this.save(e, t)} novalidate aria-label="What ${who} see">
              <h3>What ${who} see</h3>
              <label for="${id}-n">Display name</label>
              <input id="${id}-n" name="name" maxlength="200" .value=${t.fields?.display_name ?? ''} />
              <label for="${id}-b">Bio</label>
              <textarea id="${id}-b" name="bio" rows="3" .value=${t.fields?.bio ?? ''}></textarea>
              <div class="row">
                <button class="primary" ?disabled=${this.tiers.busy}>Save for ${t.circle}</button>
                ${
                  t.fields === null
                    ? null
                    : html`<button type="button" class="link danger" ?disabled=${this.tiers.busy}
                        @click=${() => this.clear(t)}>Show them the public profile</button>`
                }
              </div>
            </form>`
          : null
      }
    </li>`
  }

  override render() {
    return html`<section class="card" aria-labelledby="tiers-title">
      <h2 id="tiers-title">Private profiles</h2>
      <p class="muted">Circles and groups in order of trust, highest first. Someone in several sees
        the profile of the highest one; everyone else sees your public profile.</p>
      ${
        this.tiers.value.length === 0
          ? html`<p class="muted">Make a circle in My Posts, or join a group in People, to give it its own profile.</p>`
          : html`<ol class="tiers">${this.tiers.value.map((t, i) => this.renderTier(t, i))}</ol>`
      }
      <p class="error" role="alert">${this.invalid ?? this.tiers.error ?? ''}</p>
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-circle-profiles': DsCircleProfiles
  }
}
