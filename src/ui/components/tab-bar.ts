/**
 * The five tabs (seed file map) as an ARIA tablist: arrow keys, Home and End move between tabs,
 * only the selected tab is in the Tab order. Rendered into the shell's shadow root so
 * `aria-controls` can reach the panel.
 */
import { html, svg, type TemplateResult } from 'lit'

/** The tabs, in order. */
export const TABS = ['feed', 'mine', 'people', 'messages', 'settings'] as const
/** One of the five tabs. */
export type TabId = (typeof TABS)[number]

const LABELS: Record<TabId, string> = {
  feed: 'Feed',
  mine: 'My Posts',
  people: 'People',
  messages: 'Messages',
  settings: 'Settings',
}

const ICONS: Record<TabId, TemplateResult> = {
  feed: svg`<path d="M4 5h16M4 12h16M4 19h10" />`,
  mine: svg`<path d="M4 20h4L19 9l-4-4L4 16v4zM13.5 6.5l4 4" />`,
  people: svg`<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c.8-3.6 3.3-5.5 6.5-5.5s5.7 1.9 6.5 5.5M16 4.8a3.5 3.5 0 0 1 0 6.4M18 14.8c1.9.8 3 2.5 3.5 5.2"/>`,
  messages: svg`<path d="M4 5h16v11H9l-5 4V5z" />`,
  settings: svg`<circle cx="12" cy="12" r="3"/><path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1"/>`,
}

/** The accessible label of a tab. */
export function tabLabel(tab: TabId): string {
  return LABELS[tab]
}

/** True if `value` names a tab (e.g. from `location.hash`). */
export function isTab(value: string): value is TabId {
  return (TABS as readonly string[]).includes(value)
}

function onKey(e: KeyboardEvent, current: TabId, select: (t: TabId) => void): void {
  const i = TABS.indexOf(current)
  const next =
    e.key === 'ArrowRight' || e.key === 'ArrowDown'
      ? TABS[(i + 1) % TABS.length]
      : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
        ? TABS[(i + TABS.length - 1) % TABS.length]
        : e.key === 'Home'
          ? TABS[0]
          : e.key === 'End'
            ? TABS[TABS.length - 1]
            : undefined
  if (next === undefined) return
  e.preventDefault()
  select(next)
  const bar = (e.currentTarget as HTMLElement).closest('[role=tablist]')
  bar?.querySelector<HTMLElement>(`#tab-${next}`)?.focus()
}

/** Renders the tablist; `badges` are unread counts (0 hides the badge). */
export function renderTabBar(
  selected: TabId,
  badges: Partial<Record<TabId, number>>,
  select: (tab: TabId) => void,
): TemplateResult {
  return html`<nav class="tabbar" aria-label="Main">
    <div role="tablist" aria-label="Sections" aria-orientation="horizontal">
      ${TABS.map((t) => {
        const count = badges[t] ?? 0
        return html`<button role="tab" id=${`tab-${t}`} aria-controls="panel" aria-selected=${t === selected}
          tabindex=${t === selected ? 0 : -1} @click=${() => select(t)}
          @keydown=${(e: KeyboardEvent) => onKey(e, selected, select)}>
          <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8"
            stroke-linecap="round" stroke-linejoin="round">${ICONS[t]}</svg>
          <span class="label">${LABELS[t]}</span>
          ${count > 0 ? html`<span class="count" aria-label=${`${count} new`}>${count > 99 ? '99+' : count}</span>` : null}
        </button>`
      })}
    </div>
  </nav>`
}
