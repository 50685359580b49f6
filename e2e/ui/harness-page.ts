/** Opens the UI harness (the real `<ds-app>` over the real node in the page) and reads what the node was asked. */
import type { Page } from '@playwright/test'
import type { RpcMethod } from '../../src/core/api/index.ts'

/** Where the harness page is served by `vite preview` (built with DISTSOC_E2E_HARNESS=1). */
export const HARNESS = '/e2e/ui/ui-harness.html'

/** Opens the harness with query options (`setup`, `posts`, `empty`) and waits until the node is seeded. */
export async function openHarness(page: Page, query: Record<string, string | number> = {}): Promise<void> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()
  await page.goto(qs === '' ? HARNESS : `${HARNESS}?${qs}`)
  await page.waitForFunction(() => window.uiHarness !== undefined)
  await page.evaluate(() => window.uiHarness.ready)
}

/** How many times the UI called `method`. */
export async function callCount(page: Page, method: RpcMethod): Promise<number> {
  return page.evaluate(
    async (m) => (await window.uiHarness.calls()).filter((c) => c.method === m).length,
    method,
  )
}

/** Selects a tab by its accessible name. */
export async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click()
}
