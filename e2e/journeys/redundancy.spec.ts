/**
 * Low redundancy is information, never a block (issue 15): Alice's fresh post, held by no other
 * device yet, carries a quiet "Low redundancy" badge in My Posts and Settings counts it — and the
 * post is shown, shared and deletable as any other. Screenshots at 390×844 and 1280×800.
 */
import { expect, test } from '@playwright/test'
import { journeyUsers } from './friends.ts'
import { newUser, onboard, openTab, post, rpc } from './users.ts'

const users = journeyUsers('each')

test('a post no other device holds shows a quiet low-redundancy badge and a Settings line', async ({
  browser,
}) => {
  const alice = await newUser(browser, 'Alice')
  users.push(alice)
  const { page } = alice
  await onboard(page, 'Alice')
  await post(page, 'Only my device holds this so far.')

  const card = page.getByRole('article').filter({ hasText: 'Only my device holds this so far.' }).first()
  const badge = card.getByText('Low redundancy', { exact: true })
  await expect(badge).toBeVisible()
  await expect(badge).toHaveAttribute(
    'title',
    /No other device has been seen holding this post lately \(the aim is 3\)/,
  )
  // information only: the post is there and can be deleted as ever
  await expect(card.getByRole('button', { name: 'Delete' })).toBeEnabled()
  const feed = await rpc(page, 'feed.page', { query: { type: 'mine' }, limit: 10 })
  expect(feed.posts[0]?.redundancy).toEqual({ live: 0, target: 3, low: true })

  for (const size of [
    { name: 'phone', width: 390, height: 844 },
    { name: 'desktop', width: 1280, height: 800 },
  ]) {
    await page.setViewportSize({ width: size.width, height: size.height })
    await openTab(page, 'My Posts')
    await expect(badge).toBeVisible()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await page.screenshot({ path: `test-results/screenshots/redundancy-badge-${size.name}.png` })
    await openTab(page, 'Settings')
    const line = page.getByText('Your post has low redundancy', { exact: false })
    await expect(line).toBeVisible()
    await line.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `test-results/screenshots/redundancy-settings-${size.name}.png` })
  }
})
