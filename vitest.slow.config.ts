import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.slow.test.ts', 'relay-anchor/**/*.slow.test.ts'],
    setupFiles: ['./scripts/polyfills.mjs'],
    environment: 'node',
    testTimeout: 600_000,
  },
})
