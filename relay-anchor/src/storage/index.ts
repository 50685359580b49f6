/** The anchor's SQL driver: better-sqlite3 behind the storage contract of `src/core/storage`. */
export { openBetterSqlite3Driver } from './better-sqlite3-driver.ts'
