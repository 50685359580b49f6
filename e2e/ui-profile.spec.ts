/**
 * Profile pages and avatars (issue 16) over the real node in the page, seeded by real nodes
 * (e2e/ui/seed-world.ts; Ada has a real PNG avatar that arrived the way sync stores it): a name or
 * face opens the person's page from a feed card, a thread, the people list and messages; the page
 * lists their readable posts newest first and its buttons act; the own avatar is picked with the
 * styled button, shown everywhere and removed. Screenshots at phone and desktop size.
 */
import { expect, type Page, test } from '@playwright/test'
import { openHarness, openTab } from './ui/harness-page.ts'

test.use({ serviceWorkers: 'block' })

const SIZES = [
  { name: 'phone', width: 390, height: 844, scheme: 'light' },
  { name: 'desktop', width: 1280, height: 800, scheme: 'dark' },
] as const

async function noOverflow(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow, `${what} overflows horizontally`).toBeLessThanOrEqual(0)
}

/** A real PNG drawn by the page's canvas, as a file to pick. */
async function pngFile(page: Page): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const bytes = await page.evaluate(async () => {
    const c = new OffscreenCanvas(120, 120)
    const g = c.getContext('2d')!
    g.fillStyle = '#1f7a5c'
    g.fillRect(0, 0, 120, 120)
    g.fillStyle = '#ffd84d'
    g.fillRect(30, 30, 60, 60)
    return [...new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer())]
  })
  return { name: 'me.png', mimeType: 'image/png', buffer: Buffer.from(bytes) }
}

for (const size of SIZES) {
  test(`profile pages open from every place a person appears at ${size.width}×${size.height}`, async ({
    page,
  }) => {
    test.setTimeout(120_000)
    await page.setViewportSize({ width: size.width, height: size.height })
    await page.emulateMedia({ colorScheme: size.scheme })
    await openHarness(page)

    // Feed: Ada's card shows her real image; Grace (no avatar) her initials.
    const adaCard = page.getByRole('article', { name: 'Post by Ada Lovelace' }).first()
    await expect(adaCard.locator('ds-avatar img')).toBeVisible()
    const graceCard = page.getByRole('article', { name: 'Post by Grace Hopper' }).first()
    await expect(graceCard.locator('ds-avatar .initials')).toHaveText('GH')

    await adaCard.getByRole('button', { name: 'Profile of Ada Lovelace' }).click()
    const head = page.getByRole('region', { name: 'Profile of Ada Lovelace' })
    await expect(head.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible()
    await expect(head).toContainText('Hi, I am Ada.')
    await expect(head.getByText('Following', { exact: true })).toBeVisible()
    await expect(head.locator('ds-avatar img')).toBeVisible()
    const posts = page.getByRole('region', { name: 'Posts' }).getByRole('article')
    await expect(posts.first()).toBeVisible()
    expect(await posts.count()).toBeGreaterThan(3)
    const authors = await posts.evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')))
    expect(new Set(authors)).toEqual(new Set(['Post by Ada Lovelace']))
    const times = await posts
      .locator('time')
      .evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute('datetime')!)))
    expect(times).toEqual([...times].sort((a, b) => b - a))
    await noOverflow(page, 'the profile page')
    await page.screenshot({ path: `test-results/screenshots/profile-${size.name}.png`, fullPage: false })

    // Mute keeps her page (with a note), unmute undoes it.
    await head.getByRole('button', { name: 'Mute Ada Lovelace' }).click()
    await expect(head.getByText('Muted', { exact: true })).toBeVisible()
    await expect(posts.first()).toBeVisible()
    await head.getByRole('button', { name: 'Unmute Ada Lovelace' }).click()
    await expect(head.getByText('Muted', { exact: true })).toBeHidden()

    // Message opens the conversation with her.
    await head.getByRole('button', { name: 'Message Ada Lovelace' }).click()
    await expect(page.getByRole('tab', { name: /Messages/ })).toHaveAttribute('aria-selected', 'true')
    const conversation = page.getByRole('region', { name: 'Conversation with Ada Lovelace' })
    await expect(conversation.getByText('See you at the crag?')).toBeVisible()

    // Messages: the conversation header and a request's sender open their pages.
    await conversation.getByRole('button', { name: 'Profile of Ada Lovelace' }).click()
    await expect(head).toBeVisible()
    await page.getByRole('button', { name: 'Back' }).click()
    await page.getByRole('button', { name: 'Profile of Mallory' }).click()
    const mallory = page.getByRole('region', { name: 'Profile of Mallory' })
    await expect(mallory.getByRole('button', { name: 'Follow Mallory' })).toBeVisible()
    await expect(mallory.locator('ds-avatar .initials')).toHaveText('M')
    await noOverflow(page, "a stranger's profile")
    await page.screenshot({ path: `test-results/screenshots/profile-stranger-${size.name}.png` })
    // Mallory has no conversation but a request: Message opens it; a person with none gets the composer.
    await openTab(page, 'People')
    await page.getByRole('button', { name: 'Profile of Ken Thompson' }).click()
    const ken = page.getByRole('region', { name: 'Profile of Ken Thompson' })
    await expect(ken.getByRole('heading', { name: 'Ken Thompson' })).toBeVisible()
    await ken.getByRole('button', { name: 'Message Ken Thompson' }).click()
    const compose = page.getByRole('form', { name: 'New message' })
    await expect(compose).toBeVisible()
    const selected = await compose
      .getByLabel('To', { exact: true })
      .evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)
    expect(selected).toBe('Ken Thompson')

    // People list: following a suggested person from their page, then they are under Following.
    await openTab(page, 'People')
    await page.getByRole('button', { name: 'Profile of Barbara Liskov' }).click()
    const barbara = page.getByRole('region', { name: 'Profile of Barbara Liskov' })
    await barbara.getByRole('button', { name: 'Follow Barbara Liskov' }).click()
    await expect(barbara.getByRole('button', { name: 'Unfollow Barbara Liskov' })).toBeVisible()
    await expect(barbara.getByText('Following', { exact: true })).toBeVisible()
    await barbara.getByRole('button', { name: 'Unfollow Barbara Liskov' }).click()
    await expect(barbara.getByRole('button', { name: 'Follow Barbara Liskov' })).toBeVisible()

    // A thread: the author's name in a card of the thread opens their page.
    await openTab(page, 'Feed')
    await page
      .getByRole('article', { name: 'Post by Alan Kay' })
      .first()
      .getByRole('button', { name: /^Reply/ })
      .click()
    const thread = page.getByRole('region', { name: 'Thread' })
    await thread.getByRole('button', { name: 'Profile of Alan Kay' }).first().click()
    await expect(page.getByRole('region', { name: 'Profile of Alan Kay' })).toBeVisible()
  })

  test(`own avatar is picked with the styled button, shown everywhere and removed at ${size.width}×${size.height}`, async ({
    page,
  }) => {
    test.setTimeout(120_000)
    await page.setViewportSize({ width: size.width, height: size.height })
    await page.emulateMedia({ colorScheme: size.scheme })
    await openHarness(page)
    await openTab(page, 'Settings')
    const profile = page.getByRole('form', { name: 'Profile' })
    const picker = profile.getByLabel('Choose avatar image…')
    // The file input is hidden behind a styled label; the label names it for assistive tech.
    await expect(picker).toHaveAttribute('type', 'file')
    await expect(profile.locator('label.file-button')).toBeVisible()
    await expect(profile.locator('ds-avatar .initials')).toHaveText('Y')
    await picker.setInputFiles(await pngFile(page))
    await expect(profile.getByRole('img', { name: 'New avatar, not saved yet' })).toBeVisible()
    await expect(profile.getByText(/New image, \d+ KB/)).toBeVisible()
    await noOverflow(page, 'Settings with a picked avatar')
    await profile.scrollIntoViewIfNeeded()
    await profile.screenshot({ path: `test-results/screenshots/avatar-picked-${size.name}.png` })
    await profile.getByRole('button', { name: 'Save profile' }).click()
    await expect(profile.locator('ds-avatar img')).toBeVisible()
    await expect(profile.getByLabel('Change avatar…')).toBeAttached()

    // It shows beside own posts and on own profile page.
    await openTab(page, 'My Posts')
    await page.getByLabel('What is on your mind?').fill('A post with my new face')
    await page.getByRole('button', { name: 'Post', exact: true }).click()
    const mine = page.getByRole('article', { name: 'Post by You' }).first()
    await expect(mine.locator('ds-avatar img')).toBeVisible()
    await mine.getByRole('button', { name: 'Profile of You' }).click()
    const own = page.getByRole('region', { name: 'Profile of You' })
    await expect(own.locator('.badge', { hasText: 'You' })).toBeVisible()
    await expect(own.getByTestId('profile-connect-string')).toContainText('distsoc:')
    await expect(own.getByRole('button', { name: 'Edit profile' })).toBeVisible()
    await expect(own.getByRole('button', { name: /^Follow/ })).toHaveCount(0)
    await noOverflow(page, 'own profile page')
    await page.screenshot({ path: `test-results/screenshots/profile-own-${size.name}.png` })

    // Edit profile leads to Settings, where Remove avatar takes it away on save.
    await own.getByRole('button', { name: 'Edit profile' }).click()
    await profile.getByRole('button', { name: 'Remove avatar' }).click()
    await expect(profile.getByText('The avatar is removed when you save')).toBeVisible()
    await profile.getByRole('button', { name: 'Save profile' }).click()
    await expect(profile.locator('ds-avatar .initials')).toHaveText('Y')
    await expect(profile.getByRole('button', { name: 'Remove avatar' })).toHaveCount(0)
    await openTab(page, 'My Posts')
    await expect(
      page.getByRole('article', { name: 'Post by You' }).first().locator('ds-avatar .initials'),
    ).toHaveText('Y')
  })
}
