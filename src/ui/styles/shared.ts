/**
 * Styles every view shares: design tokens come from CSS custom properties set on `:root` in
 * index.html (dark by default, light under `prefers-color-scheme: light`), so they pierce shadow roots.
 */
import { css } from 'lit'

/** Base element styles for views: cards, buttons, inputs, badges, empty states. */
export const sharedStyles = css`
  :host {
    display: block;
    color: var(--ds-fg);
    font: inherit;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h2 {
    font-size: 1.05rem;
    margin: 0 0 0.75rem;
  }
  h3 {
    font-size: 0.95rem;
    margin: 0 0 0.5rem;
  }
  .card {
    background: var(--ds-surface);
    border: 1px solid var(--ds-border);
    border-radius: 12px;
    padding: 0.9rem 1rem;
    margin-bottom: 0.75rem;
  }
  .row {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    flex-wrap: wrap;
  }
  .grow {
    flex: 1 1 12rem;
    min-width: 0;
  }
  label {
    display: block;
    font-size: 0.85rem;
    color: var(--ds-muted);
    margin: 0.5rem 0 0.25rem;
  }
  input[type='text'],
  input[type='search'],
  input[type='password'],
  input:not([type]),
  textarea,
  select {
    width: 100%;
    font: inherit;
    color: var(--ds-fg);
    background: var(--ds-input);
    border: 1px solid var(--ds-border);
    border-radius: 8px;
    padding: 0.55rem 0.7rem;
    min-height: 2.5rem;
  }
  textarea {
    resize: none;
    line-height: 1.4;
  }
  input:focus-visible,
  textarea:focus-visible,
  select:focus-visible,
  button:focus-visible,
  a:focus-visible,
  summary:focus-visible {
    outline: 2px solid var(--ds-accent);
    outline-offset: 2px;
  }
  button,
  label.button {
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    border-radius: 8px;
    border: 1px solid var(--ds-border);
    background: var(--ds-surface-2);
    color: var(--ds-fg);
    padding: 0.5rem 0.9rem;
    min-height: 2.5rem;
  }
  button.primary {
    background: var(--ds-accent);
    border-color: var(--ds-accent);
    color: var(--ds-on-accent);
  }
  button.danger {
    color: var(--ds-danger);
  }
  button.link {
    background: none;
    border: none;
    padding: 0.25rem 0.4rem;
    min-height: 0;
    color: var(--ds-accent);
  }
  button.link.danger {
    color: var(--ds-danger);
  }
  .title {
    flex: 1 1 auto;
    min-width: 0;
    margin: 0;
    overflow-wrap: anywhere;
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  .muted {
    color: var(--ds-muted);
    font-size: 0.85rem;
  }
  .error {
    color: var(--ds-danger);
    font-size: 0.85rem;
    margin: 0.35rem 0 0;
  }
  .mono {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.8rem;
    overflow-wrap: anywhere;
  }
  .empty {
    text-align: center;
    padding: 2rem 1rem;
    color: var(--ds-muted);
  }
  .empty strong {
    display: block;
    color: var(--ds-fg);
    margin-bottom: 0.35rem;
    font-size: 1rem;
  }
  .badge {
    display: inline-block;
    font-size: 0.72rem;
    font-weight: 600;
    border-radius: 999px;
    padding: 0.1rem 0.5rem;
    background: var(--ds-surface-2);
    color: var(--ds-muted);
    border: 1px solid var(--ds-border);
    white-space: nowrap;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  ul.plain {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  /* A person's avatar and name that open their profile page (issue 16). */
  button.person-link {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    min-width: 0;
    min-height: 0;
    max-width: 100%;
    padding: 0;
    border: none;
    background: none;
    color: inherit;
    font: inherit;
    font-weight: inherit;
    text-align: left;
    overflow-wrap: anywhere;
  }
  button.person-link:hover > :not(ds-avatar) {
    text-decoration: underline;
  }
`

/** A view's grid of cards: one column, two equal columns from 1000 px (a view may set its own columns). */
export const viewLayoutStyles = css`
  .layout {
    display: grid;
    gap: 0.75rem;
  }
  @media (min-width: 1000px) {
    .layout {
      grid-template-columns: 1fr 1fr;
      align-items: start;
    }
  }
`

/** A list of rows: a growing, wrapping label and its controls on one line. */
export const rowListStyles = css`
  li {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    padding: 0.2rem 0;
  }
  li span {
    flex: 1;
    min-width: 0;
    overflow-wrap: anywhere;
  }
`

/** The bar above a page opened from a list (a thread, a profile): ← Back and the page's title. */
export const backBarStyles = css`
  .top {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin-bottom: 0.6rem;
  }
  .top h2 {
    margin: 0;
  }
`
