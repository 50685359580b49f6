/**
 * People → Groups (issue 14) on the real node of the UI harness (`?groups=1`, e2e/ui/seed-groups.ts),
 * at phone and desktop size: accept an invitation as a Viewer and be told why a post is refused;
 * manage your own group (roles, invite by connect string, remove); post to it from My Posts'
 * audience picker; create a group; leave one.
 */
import { expect, type Page, test } from '@playwright/test'
import { callCount, openHarness, openTab } from './ui/harness-page.ts'

test.use({ serviceWorkers: 'block' })

const SIZES = [
  { name: 'phone', width: 390, height: 844, scheme: 'light' },
  { name: 'desktop', width: 1280, height: 800, scheme: 'dark' },
] as const

/** Checks nothing scrolls sideways, clears the toasts and photographs the tab's panel. */
async function snap(page: Page, name: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  const dismiss = page.getByRole('button', { name: 'Dismiss' })
  while ((await dismiss.count()) > 0) await dismiss.first().click()
  // The sticky header and the phone's fixed tab bar would be painted over a tall panel's picture.
  await page.locator('main#panel').screenshot({
    path: `test-results/screenshots/groups-${name}.png`,
    style: 'header.top, nav.tabbar { visibility: hidden !important; }',
  })
}

/**
 * The most lines any member row's name and tags take (its height over one name line's): the
 * rows must read at a glance, the controls beside the name (issue 14, member rows at 390 px).
 */
async function memberRowLines(page: Page): Promise<number> {
  const rows = page.locator('ds-group-members li.member')
  let most = 0
  for (const row of await rows.all()) {
    const who = await row.locator('.who').boundingBox()
    const name = await row.locator('.who .name').boundingBox()
    if (who === null || name === null) throw new Error('a member row without its name')
    most = Math.max(most, Math.round(who.height / name.height))
  }
  return most
}

for (const size of SIZES) {
  test(`groups: invitation, roles, posting and leaving at ${size.width}×${size.height}`, async ({ page }) => {
    test.setTimeout(120_000)
    await page.setViewportSize({ width: size.width, height: size.height })
    await page.emulateMedia({ colorScheme: size.scheme })
    await openHarness(page, { groups: 1, posts: 8 })
    await openTab(page, 'People')
    await page.getByRole('button', { name: /^Groups/ }).click()

    // The invitation waits; the list shows the user's own group with their role.
    const invite = page.getByRole('group', { name: 'Invitation to Climbing club' })
    await expect(invite).toContainText('From Radia Perlman')
    await expect(invite).toContainText('you would be Viewer')
    const list = page.getByRole('list').filter({ hasText: 'Book club' })
    await expect(list.getByRole('button', { name: /Book club.*3 members.*Admin/s })).toBeVisible()
    await snap(page, `list-${size.name}`)

    // Accept as a Viewer: the group's page says what a Viewer may do instead of a composer.
    await invite.getByRole('button', { name: 'Accept' }).click()
    await expect(page.getByRole('heading', { name: 'Climbing club' })).toBeVisible()
    await expect(page.getByTestId('role-note')).toContainText('You are a Viewer here')
    await expect(page.getByLabel('What is on your mind?')).toHaveCount(0)
    await snap(page, `viewer-${size.name}`)

    // My Posts still offers the group; the node refuses the post and the composer says why.
    await openTab(page, 'My Posts')
    await page.getByLabel('Audience').selectOption({ label: 'Group: Climbing club (read only)' })
    await expect(page.locator('#post-audience-cost')).toContainText('your role does not allow posting')
    await page.getByLabel('What is on your mind?').fill('Can I post here?')
    await page.getByRole('button', { name: 'Post', exact: true }).click()
    await expect(page.locator('#post-problem')).toHaveText(
      'As a Viewer you can read this group but not post in it. Ask an Admin to make you a Poster.',
    )
    expect(await callCount(page, 'post.create')).toBe(1)
    await expect(page.getByRole('article', { name: 'Post by You' })).toHaveCount(0)
    await page
      .locator('ds-composer')
      .screenshot({ path: `test-results/screenshots/groups-refused-${size.name}.png` })

    // Leave it again (asks once).
    await openTab(page, 'People')
    await page.getByRole('button', { name: /^Groups/ }).click()
    await page.getByRole('button', { name: /Climbing club/ }).click()
    await page.getByRole('button', { name: 'Leave' }).click()
    await page.getByRole('button', { name: 'Really leave?' }).click()
    await expect(page.getByRole('heading', { name: 'Your groups' })).toBeVisible()
    await expect(page.getByRole('button', { name: /Climbing club/ })).toHaveCount(0)

    // Your own group: Ada's post, members with roles; make Grace a Poster.
    await page.getByRole('button', { name: /Book club/ }).click()
    await expect(page.getByRole('article', { name: 'Post by Ada Lovelace' })).toContainText(
      'The Dispossessed',
    )
    await expect(page.getByRole('article', { name: 'Post by Ada Lovelace' })).toContainText(
      'Group: Book club',
    )
    const members = page.getByRole('list', { name: 'Members of Book club' })
    await expect(members.getByRole('listitem')).toHaveCount(3)
    // Your own row says who you are once; Ada and Grace have signed their accepts, so they are joined.
    const own = members.getByRole('listitem', { name: 'You, Admin, created the group' })
    await expect(own).toContainText('Creator')
    await expect(own).not.toContainText('(you)')
    const ada = members.getByRole('listitem', { name: 'Ada Lovelace, Poster' })
    await expect(ada).toBeVisible()
    await expect(ada).not.toContainText('Invited')
    await expect(members.getByRole('listitem', { name: /invited/ })).toHaveCount(0)
    await members.getByLabel('Role of Grace Hopper').selectOption('poster')
    await expect(members.getByRole('listitem', { name: 'Grace Hopper, Poster' })).toBeVisible()

    // Invite by connect string: a bad one is refused in words, a good one adds them.
    const form = page.getByRole('form', { name: 'Invite to Book club' })
    await form.getByLabel('Their connect string').fill('not a node')
    await form.getByRole('button', { name: 'Invite' }).click()
    await expect(page.locator('#invite-error')).not.toHaveText('')
    const alan = await page.evaluate(() => window.uiHarness.followId(2))
    await form.getByLabel('Their connect string').fill(alan)
    await form.getByLabel('Role').selectOption('viewer')
    await form.getByRole('button', { name: 'Invite' }).click()
    // Alan has not accepted yet: his row says so, and only his.
    const alanRow = members.getByRole('listitem', { name: 'Alan Kay, Viewer, invited, not joined yet' })
    await expect(alanRow).toContainText('Invited')
    await expect(members.getByRole('listitem', { name: /invited/ })).toHaveCount(1)
    await expect(form.getByRole('status')).toContainText('Alan Kay as Viewer')
    await expect(page.locator('#invite-error')).toHaveText('')
    // A member row is one line on a desktop, at most two (name, then its tags) on a phone.
    expect(await memberRowLines(page)).toBeLessThanOrEqual(size.width < 720 ? 2 : 1)
    await snap(page, `admin-${size.name}`)

    // Remove Grace: the past-posts dialog, then she is gone and a new epoch begins.
    await members.getByRole('button', { name: 'Remove Grace Hopper from Book club' }).click()
    const dialog = page.getByRole('dialog', { name: 'Remove Grace Hopper from “Book club”' })
    await dialog.getByRole('button', { name: 'Remove' }).click()
    await expect(dialog).toHaveCount(0)
    await expect(members.getByRole('listitem')).toHaveCount(3)
    await expect(members.getByRole('listitem', { name: /Grace Hopper/ })).toHaveCount(0)

    // Post to the group from My Posts' audience picker; it shows in the group's feed.
    await openTab(page, 'My Posts')
    await page.getByLabel('Audience').selectOption({ label: 'Group: Book club' })
    await expect(page.locator('#post-audience-cost')).toContainText('sealed once for the group')
    await page.getByLabel('What is on your mind?').fill('Chapter one by Friday, everyone.')
    await page.getByRole('button', { name: 'Post', exact: true }).click()
    await expect(page.getByRole('article', { name: 'Post by You' }).first()).toContainText(
      'Chapter one by Friday',
    )
    // Its badge names the group, from the node's own group state (not just "Group").
    await expect(
      page.getByRole('article', { name: 'Post by You' }).first().locator('.badge').first(),
    ).toHaveText('Group: Book club')
    await snap(page, `post-badge-${size.name}`)
    await openTab(page, 'People')
    await page.getByRole('button', { name: /^Groups/ }).click()
    await page.getByRole('button', { name: /Book club/ }).click()
    await expect(page.getByRole('article', { name: 'Post by You' })).toContainText('Chapter one by Friday')

    // Create a group: it opens with you as its only member and admin.
    await page.getByRole('button', { name: 'Back to your groups' }).click()
    await page.getByLabel('New group name').fill('Film night')
    await page.getByRole('button', { name: 'Create group' }).click()
    await expect(page.getByRole('heading', { name: 'Film night' })).toBeVisible()
    await expect(page.getByRole('list', { name: 'Members of Film night' }).getByRole('listitem')).toHaveCount(
      1,
    )
    await expect(page.getByText('No posts in Film night yet')).toBeVisible()
    await snap(page, `new-${size.name}`)
  })
}
