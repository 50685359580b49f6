/**
 * How every browser test launches Chromium here: the binary `findChromium` finds (`CHROMIUM_PATH`,
 * Debian's, or Playwright's cache — never a download) with the flags of docs/design.md §10.
 * `npm test` runs `scripts/ensure-chromium.ts` first, which installs Debian's where it may.
 */
import { findChromium } from './find-chromium.ts'
import { machineFacts } from './machine-facts.ts'

const search = findChromium(machineFacts())

/** The Chromium binary the tests launch (Debian's path when none was found, so the error names it). */
export const chromiumPath = search.found ? search.path : '/usr/bin/chromium'

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Headless instances on one host only see each other's host candidates without mDNS masking.
  '--disable-features=WebRtcHideLocalIpsWithMdns',
]

export const launchOptions = { executablePath: chromiumPath, args: chromiumArgs, headless: true }
