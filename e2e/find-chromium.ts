/**
 * Where the browser tests find Chromium (issue 9: `npm test` on a fresh machine): `CHROMIUM_PATH`,
 * then Debian's package, then a browser Playwright downloaded earlier (newest first). Pure over
 * the facts it is given, so the search order is unit-tested without touching the machine.
 */

/** What the search may look at (the real machine's facts come from `machineFacts`). */
export interface ChromiumSearchFacts {
  env: Readonly<Record<string, string | undefined>>
  home: string
  /** True if `path` is an executable file. */
  isExecutable(path: string): boolean
  /** Entries of a directory, or none if it does not exist. */
  list(dir: string): string[]
}

/** The outcome: a binary and where it was found, or why none was. */
export type ChromiumSearch =
  | { found: true; path: string; source: 'CHROMIUM_PATH' | 'system' | 'playwright-cache' }
  | { found: false; reason: string }

/** System binaries tried in order (Debian's `chromium` package first). */
export const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'] as const

/** The one line printed when nothing was found and nothing may be installed. */
export const INSTALL_HINT =
  'npm test needs Chromium for its browser tests: install it (Debian/Ubuntu: `apt-get install chromium`) or set CHROMIUM_PATH to a Chrome/Chromium binary.'

/** Finds a Chromium binary; never downloads or installs anything. */
export function findChromium(facts: ChromiumSearchFacts): ChromiumSearch {
  const wanted = facts.env.CHROMIUM_PATH
  if (wanted !== undefined && wanted !== '') {
    if (facts.isExecutable(wanted)) return { found: true, path: wanted, source: 'CHROMIUM_PATH' }
    return { found: false, reason: `CHROMIUM_PATH=${wanted} is not an executable file.` }
  }
  for (const path of SYSTEM_CHROMIUMS) {
    if (facts.isExecutable(path)) return { found: true, path, source: 'system' }
  }
  const cache = facts.env.PLAYWRIGHT_BROWSERS_PATH || `${facts.home}/.cache/ms-playwright`
  const builds = facts
    .list(cache)
    .filter((d) => /^chromium-\d+$/.test(d))
    .sort((a, b) => Number(b.slice('chromium-'.length)) - Number(a.slice('chromium-'.length)))
  for (const build of builds) {
    for (const platform of ['chrome-linux', 'chrome-linux64']) {
      const path = `${cache}/${build}/${platform}/chrome`
      if (facts.isExecutable(path)) return { found: true, path, source: 'playwright-cache' }
    }
  }
  return { found: false, reason: INSTALL_HINT }
}

/** What `npm test` does before its browser tests: use what was found, install Debian's, or stop. */
export type ChromiumPlan =
  | { do: 'use'; path: string }
  | { do: 'install-debian' }
  | { do: 'stop'; line: string }

/** Decides the plan: install only as root with apt-get present, and never over a bad CHROMIUM_PATH. */
export function planChromium(
  search: ChromiumSearch,
  machine: { isRoot: boolean; hasAptGet: boolean; env: Readonly<Record<string, string | undefined>> },
): ChromiumPlan {
  if (search.found) return { do: 'use', path: search.path }
  const pathGiven = (machine.env.CHROMIUM_PATH ?? '') !== ''
  if (!pathGiven && machine.isRoot && machine.hasAptGet) return { do: 'install-debian' }
  return { do: 'stop', line: search.reason }
}
