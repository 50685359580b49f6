/**
 * Loads sql.js and its WASM in the worker. Vite resolves `sql.js` to its browser build and emits the
 * `.wasm` as an asset; `locateFile` points sql.js at it (no fetch to any other origin).
 */
import initSqlJs, { type SqlJsStatic } from 'sql.js'
import wasmUrl from 'sql.js/dist/sql-wasm.wasm?url'

let loading: Promise<SqlJsStatic> | undefined

/** The sql.js module, loaded once per worker. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= initSqlJs({ locateFile: () => wasmUrl })
  return loading
}
