/**
 * Build-time switches, replaced by vite `define` (vite.config.ts `buildDefines`). A production
 * build (`npm run build`) has `__DISTSOC_HARNESS__ = false`, so Rollup drops the harness RPC
 * methods from the worker bundle (issue 10); only builds made with DISTSOC_E2E_HARNESS=1 — the
 * Playwright and bench builds — serve them.
 */
declare const __DISTSOC_HARNESS__: boolean

/** True only in a build made with DISTSOC_E2E_HARNESS=1 (false where vite did not define it, e.g. Node tests). */
export const HARNESS_BUILD: boolean = typeof __DISTSOC_HARNESS__ === 'boolean' && __DISTSOC_HARNESS__
