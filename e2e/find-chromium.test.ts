import { describe, expect, it } from 'vitest'
import { type ChromiumSearchFacts, findChromium, INSTALL_HINT, planChromium } from './find-chromium.ts'

/** A machine with exactly these executables and directories. */
function machine(
  executables: string[],
  dirs: Record<string, string[]> = {},
  env: Record<string, string> = {},
): ChromiumSearchFacts {
  return {
    env,
    home: '/home/ada',
    isExecutable: (p) => executables.includes(p),
    list: (d) => dirs[d] ?? [],
  }
}

const CACHE = '/home/ada/.cache/ms-playwright'

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH over everything else', () => {
    const facts = machine(['/opt/chrome', '/usr/bin/chromium'], {}, { CHROMIUM_PATH: '/opt/chrome' })
    expect(findChromium(facts)).toEqual({ found: true, path: '/opt/chrome', source: 'CHROMIUM_PATH' })
  })

  it('refuses a CHROMIUM_PATH that is not executable instead of silently using another browser', () => {
    const facts = machine(['/usr/bin/chromium'], {}, { CHROMIUM_PATH: '/nope' })
    expect(findChromium(facts)).toEqual({
      found: false,
      reason: 'CHROMIUM_PATH=/nope is not an executable file.',
    })
  })

  it("uses Debian's chromium before Playwright's cache", () => {
    const facts = machine(['/usr/bin/chromium', `${CACHE}/chromium-1200/chrome-linux/chrome`], {
      [CACHE]: ['chromium-1200'],
    })
    expect(findChromium(facts)).toMatchObject({ path: '/usr/bin/chromium', source: 'system' })
  })

  it("takes the newest complete build from Playwright's cache, by build number not by text", () => {
    const facts = machine(
      [`${CACHE}/chromium-999/chrome-linux/chrome`, `${CACHE}/chromium-1200/chrome-linux64/chrome`],
      {
        [CACHE]: [
          'chromium-999',
          'chromium-1200',
          'chromium-1300',
          'ffmpeg-1011',
          'chromium_headless_shell-1300',
        ],
      },
    )
    expect(findChromium(facts)).toEqual({
      found: true,
      path: `${CACHE}/chromium-1200/chrome-linux64/chrome`,
      source: 'playwright-cache',
    })
  })

  it('honours PLAYWRIGHT_BROWSERS_PATH', () => {
    const facts = machine(
      ['/pw/chromium-5/chrome-linux/chrome'],
      { '/pw': ['chromium-5'] },
      {
        PLAYWRIGHT_BROWSERS_PATH: '/pw',
      },
    )
    expect(findChromium(facts)).toMatchObject({ path: '/pw/chromium-5/chrome-linux/chrome' })
  })

  it('says what to install when nothing is there', () => {
    expect(findChromium(machine([]))).toEqual({ found: false, reason: INSTALL_HINT })
  })
})

describe('planChromium', () => {
  const none = findChromium(machine([]))

  it('installs Debian’s chromium only as root with apt-get', () => {
    expect(planChromium(none, { isRoot: true, hasAptGet: true, env: {} })).toEqual({ do: 'install-debian' })
    expect(planChromium(none, { isRoot: false, hasAptGet: true, env: {} })).toEqual({
      do: 'stop',
      line: INSTALL_HINT,
    })
    expect(planChromium(none, { isRoot: true, hasAptGet: false, env: {} })).toEqual({
      do: 'stop',
      line: INSTALL_HINT,
    })
  })

  it('stops on a bad CHROMIUM_PATH rather than installing another browser', () => {
    const env = { CHROMIUM_PATH: '/nope' }
    const search = findChromium(machine([], {}, env))
    expect(planChromium(search, { isRoot: true, hasAptGet: true, env })).toMatchObject({ do: 'stop' })
  })

  it('uses what it found', () => {
    const found = findChromium(machine(['/usr/bin/chromium']))
    expect(planChromium(found, { isRoot: true, hasAptGet: true, env: {} })).toEqual({
      do: 'use',
      path: '/usr/bin/chromium',
    })
  })
})
