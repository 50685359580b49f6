/** The real machine's facts for `findChromium` (environment, home directory, file system). */
import { accessSync, constants, readdirSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import type { ChromiumSearchFacts } from './find-chromium.ts'

/** This process's environment and file system, as `findChromium` reads them. */
export function machineFacts(): ChromiumSearchFacts {
  return {
    env: process.env,
    home: homedir(),
    isExecutable(path) {
      try {
        accessSync(path, constants.X_OK)
        return statSync(path).isFile()
      } catch {
        return false
      }
    },
    list(dir) {
      try {
        return readdirSync(dir)
      } catch {
        return []
      }
    },
  }
}
