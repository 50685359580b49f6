/**
 * Scrolling the feed (issue 12): the virtualizer reuses cards for other posts, so at phone and
 * desktop size, after scrolling through pages of posts of mixed heights, no two cards overlap, no
 * part of the list in view is left without a card, and every card shows its own post (author, face, text).
 */
import { expect, type Page, test } from '@playwright/test'
import { callCount, openHarness } from './ui/harness-page.ts'

test.use({ serviceWorkers: 'block' })

interface CardFacts {
  overlaps: string[]
  /** Parts of the list inside the viewport that no card covers (a range too short, a stale position). */
  gaps: string[]
  wrong: string[]
  cards: number
  reused: number
  heights: number[]
}

/** What the cards in the feed show and where they are; `reused` counts cards seen with another post before. */
async function cardFacts(page: Page): Promise<CardFacts> {
  return page.evaluate(() => {
    const w = window as unknown as { seenPost?: WeakMap<Element, string>; reusedCards?: Set<string> }
    w.seenPost ??= new WeakMap()
    w.reusedCards ??= new Set()
    const feed = document.querySelector('ds-app')!.shadowRoot!.querySelector('ds-feed-view')!.shadowRoot!
    const cards = [...feed.querySelectorAll('ds-post-card')].filter((c) => c.post !== null)
    const wrong: string[] = []
    const boxes = cards.map((card) => {
      const p = card.post!
      const root = card.shadowRoot!
      const body = root.querySelector('.body')?.textContent ?? null
      if (p.content !== null && p.content !== '' && body !== p.content) wrong.push(`${p.id}: body ${body}`)
      if (root.querySelector('article')?.getAttribute('aria-label') !== `Post by ${p.author_name}`)
        wrong.push(`${p.id}: label`)
      if (root.querySelector('ds-avatar')?.getAttribute('node-id') !== p.author) wrong.push(`${p.id}: face`)
      const before = w.seenPost!.get(card)
      if (before !== undefined && before !== p.id) w.reusedCards!.add(p.id)
      w.seenPost!.set(card, p.id)
      const r = card.getBoundingClientRect()
      return { id: p.id, top: r.top, bottom: r.bottom }
    })
    if (new Set(boxes.map((b) => b.id)).size !== boxes.length) wrong.push('a post shown twice')
    const sorted = [...boxes].sort((a, b) => a.top - b.top)
    const overlaps: string[] = []
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1]!, sorted[i]!]
      // Sub-pixel rounding aside, the next card starts where the previous one ends or below.
      if (b.top < a.bottom - 0.5) overlaps.push(`${a.id} ends at ${a.bottom}, ${b.id} starts at ${b.top}`)
    }
    // Within the viewport, the list is covered by cards from its top (or the viewport's) to its bottom (or the viewport's).
    const list = feed.querySelector('lit-virtualizer')!.getBoundingClientRect()
    const [from, to] = [Math.max(list.top, 0), Math.min(list.bottom, innerHeight)]
    const seen = sorted.filter((b) => b.bottom > from && b.top < to)
    const gaps: string[] = []
    let reached = from
    for (const b of seen) {
      if (b.top > reached + 0.5) gaps.push(`nothing from ${reached} to ${b.top}`)
      reached = Math.max(reached, b.bottom)
    }
    if (reached < to - 0.5) gaps.push(`nothing from ${reached} to ${to}`)
    return {
      overlaps,
      gaps,
      wrong,
      cards: boxes.length,
      reused: w.reusedCards!.size,
      heights: boxes.map((b) => Math.round(b.bottom - b.top)),
    }
  })
}

for (const viewport of [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
]) {
  test(`reused cards neither overlap nor show another post at ${viewport.width}×${viewport.height}`, async ({
    page,
  }, testInfo) => {
    await page.setViewportSize(viewport)
    await openHarness(page, { posts: 300 })
    await expect(page.getByRole('article').first()).toBeVisible()
    const before = await callCount(page, 'feed.page')
    const heights = new Set<number>()
    for (let step = 0; step < 24; step++) {
      await page.mouse.wheel(0, step % 6 === 5 ? -900 : 1500)
      // The virtualizer measures new and reused cards within a frame or two; a stale height stays.
      await expect
        .poll(async () => {
          const facts = await cardFacts(page)
          for (const h of facts.heights) heights.add(h)
          return [...facts.overlaps, ...facts.gaps, ...facts.wrong]
        })
        .toEqual([])
    }
    const facts = await cardFacts(page)
    expect(facts.cards).toBeGreaterThan(3)
    // The scroll paged, reused cards for other posts, and the posts had different heights.
    expect(await callCount(page, 'feed.page')).toBeGreaterThan(before)
    expect(facts.reused).toBeGreaterThan(10)
    expect(heights.size).toBeGreaterThan(2)
    await page.screenshot({ path: testInfo.outputPath(`feed-${viewport.width}x${viewport.height}.png`) })
  })
}
