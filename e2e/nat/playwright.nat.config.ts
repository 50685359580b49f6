/**
 * The NAT tests (issue 18), `npm run test:nat`: Chromium behind two home NATs built from Linux
 * network namespaces on this machine (scripts/netns-nat.sh). Needs root, iproute2 and iptables;
 * coturn for the TURN case. Its global setup builds the app once and removes the network at the end.
 */
import { defineConfig } from '@playwright/test'

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.nat.ts',
  timeout: 240_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../test-results/nat',
  globalSetup: './nat-setup.ts',
})
