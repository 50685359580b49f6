/**
 * How every browser test launches Chromium here: Debian's binary (never a downloaded one) with the
 * flags of DESIGN §10. `CHROMIUM_PATH` points elsewhere, e.g. at Playwright's own browser.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

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
