/** Layout of the shell: header, tab bar (bottom on phones, top on wider screens), panel. */
import { css } from 'lit'
import { sharedStyles } from '../styles/index.ts'

/** Styles of `<ds-app>`. */
export const appStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      min-height: 100vh;
      --ds-tabbar-h: 4rem;
    }
    .top {
      position: sticky;
      top: 0;
      /* above the tab bar, so the search results drop over it */
      z-index: 25;
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
      padding: calc(0.6rem + env(safe-area-inset-top)) 1rem 0.6rem;
      background: var(--ds-bg);
      border-bottom: 1px solid var(--ds-border);
    }
    .brand {
      font-weight: 800;
      font-size: 1.15rem;
      letter-spacing: -0.02em;
      color: var(--ds-accent);
    }
    .net {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      font-size: 0.8rem;
      color: var(--ds-muted);
    }
    .net .dot {
      width: 0.55rem;
      height: 0.55rem;
      border-radius: 50%;
      background: var(--ds-muted);
    }
    .net.on .dot {
      background: var(--ds-ok);
    }
    .tabbar {
      position: fixed;
      left: 0;
      right: 0;
      bottom: 0;
      z-index: 20;
      background: var(--ds-surface);
      border-top: 1px solid var(--ds-border);
      padding-bottom: env(safe-area-inset-bottom);
    }
    [role='tablist'] {
      display: grid;
      grid-template-columns: repeat(5, 1fr);
      max-width: 60rem;
      margin: 0 auto;
    }
    [role='tab'] {
      position: relative;
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 0.15rem;
      border: none;
      border-radius: 0;
      background: none;
      color: var(--ds-muted);
      font-size: 0.7rem;
      font-weight: 600;
      padding: 0.5rem 0.2rem;
      min-height: var(--ds-tabbar-h);
    }
    [role='tab'] svg {
      width: 1.5rem;
      height: 1.5rem;
    }
    [role='tab'][aria-selected='true'] {
      color: var(--ds-accent);
    }
    [role='tab'][aria-selected='true']::after {
      content: '';
      position: absolute;
      top: 0;
      left: 25%;
      right: 25%;
      height: 3px;
      border-radius: 0 0 3px 3px;
      background: var(--ds-accent);
    }
    .count {
      position: absolute;
      top: 0.3rem;
      left: calc(50% + 0.4rem);
      min-width: 1.2rem;
      padding: 0 0.3rem;
      border-radius: 999px;
      background: var(--ds-danger);
      color: #fff;
      font-size: 0.68rem;
      line-height: 1.2rem;
    }
    main#panel {
      max-width: 60rem;
      margin: 0 auto;
      padding: 0.9rem 0.75rem calc(var(--ds-tabbar-h) + 1.5rem + env(safe-area-inset-bottom));
      outline: none;
      view-transition-name: panel;
    }
    .sync {
      max-width: 60rem;
      margin: 0.5rem auto 0;
      padding: 0 0.75rem;
      display: flex;
      gap: 0.75rem;
      align-items: center;
      font-size: 0.8rem;
      color: var(--ds-muted);
    }
    .sync progress {
      flex: 1;
    }
    .splash {
      min-height: 100vh;
      display: grid;
      place-content: center;
      justify-items: center;
      text-align: center;
      padding: 1rem;
      gap: 0.5rem;
    }
    .splash .logo {
      width: 3rem;
      height: 3rem;
      border-radius: 30%;
      background: var(--ds-accent);
      animation: pulse 1.2s ease-in-out infinite alternate;
    }
    @keyframes pulse {
      to {
        opacity: 0.4;
      }
    }
    @media (min-width: 720px) {
      :host {
        --ds-tabbar-h: 3rem;
      }
      .tabbar {
        position: sticky;
        top: 3.1rem;
        bottom: auto;
        border-top: none;
        border-bottom: 1px solid var(--ds-border);
        padding-bottom: 0;
      }
      [role='tab'] {
        flex-direction: row;
        justify-content: center;
        gap: 0.5rem;
        font-size: 0.9rem;
      }
      [role='tab'] svg {
        width: 1.2rem;
        height: 1.2rem;
      }
      [role='tab'][aria-selected='true']::after {
        top: auto;
        bottom: 0;
        left: 15%;
        right: 15%;
        border-radius: 3px 3px 0 0;
      }
      .count {
        position: static;
      }
      main#panel {
        padding: 1.25rem 1rem 2rem;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .splash .logo {
        animation: none;
      }
    }
  `,
]
