/**
 * `pretest`: makes sure the browser tests have a Chromium (issue 9). Uses the one `findChromium`
 * finds; where there is none and we are root with apt-get, installs Debian's `chromium`;
 * otherwise stops at once with one line saying what to install.
 */
import { spawnSync } from 'node:child_process'
import { findChromium, planChromium } from '../e2e/find-chromium.ts'
import { machineFacts } from '../e2e/machine-facts.ts'

const facts = machineFacts()
const plan = planChromium(findChromium(facts), {
  isRoot: process.getuid?.() === 0,
  hasAptGet: facts.isExecutable('/usr/bin/apt-get'),
  env: process.env,
})

if (plan.do === 'stop') {
  console.error(plan.line)
  process.exit(1)
}
if (plan.do === 'install-debian') {
  console.log(
    "No Chromium found: installing Debian's chromium for the browser tests (apt-get install chromium)",
  )
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    const run = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env })
    if (run.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed; install Chromium by hand or set CHROMIUM_PATH.`)
      process.exit(1)
    }
  }
  const after = findChromium(facts)
  if (!after.found) {
    console.error(after.reason)
    process.exit(1)
  }
}
