/**
 * Loads sql.js and its WASM in the worker. Vite resolves `sql.js` to its browser build and emits the
 * `.wasm` as an asset (no fetch to any other origin). The module is fetched and compiled with
 * `WebAssembly.compileStreaming` (compiled while it downloads) and handed to sql.js through
 * `instantiateWasm`, so the compile is one timed start-up phase of its own (issue 12).
 */
import initSqlJs, { type SqlJsStatic } from 'sql.js'
import wasmUrl from 'sql.js/dist/sql-wasm.wasm?url'
import { errorToData, StorageUnavailableError } from '../../core/errors.ts'
import { timePhase } from '../startup-marks.ts'

let loading: Promise<SqlJsStatic> | undefined

/** The sql.js module, loaded once per worker; rejects with `StorageUnavailableError` if its WASM does not load. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= load()
  return loading
}

async function load(): Promise<SqlJsStatic> {
  const compiled = timePhase('wasm-fetch-compile', () => compileWasm(wasmUrl))
  let fail: (err: unknown) => void = () => {}
  // sql.js waits for `receive` forever, so a failed fetch or compile rejects the load here.
  const failed = new Promise<never>((_, reject) => {
    fail = reject
  })
  const init = timePhase('sql-js-init', () =>
    initSqlJs({
      locateFile: () => wasmUrl,
      instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance) => void) {
        compiled.then((module) => WebAssembly.instantiate(module, imports)).then(receive, fail)
        return {}
      },
    } as Parameters<typeof initSqlJs>[0]),
  )
  const sql = await Promise.race([init, failed])
  timePhase('sql-js-warm-up', () => warmUp(sql))
  return sql
}

/**
 * Runs a few statements on a throwaway in-memory database, so the WASM functions the open needs are
 * compiled (V8 compiles WASM lazily, on first call) while the snapshot and the log are still being
 * read, not after (issue 12).
 */
function warmUp(sql: SqlJsStatic): void {
  const db = new sql.Database()
  try {
    db.exec(
      "PRAGMA journal_mode = MEMORY; PRAGMA secure_delete = ON; CREATE TABLE w (a INTEGER PRIMARY KEY, b TEXT); INSERT INTO w VALUES (1, 'x'); SELECT b FROM w WHERE a = 1",
    )
  } finally {
    db.close()
  }
}

/**
 * Fetches and compiles `url`; without a `application/wasm` answer, compiles the downloaded bytes.
 * Throws `StorageUnavailableError` (naming the HTTP status or the fetch's failure) if it cannot.
 */
export async function compileWasm(url: string): Promise<WebAssembly.Module> {
  let res: Response
  try {
    res = await fetch(url)
  } catch (err) {
    throw new StorageUnavailableError(`sql.js WASM: fetch failed (${errorToData(err).message})`)
  }
  if (!res.ok) throw new StorageUnavailableError(`sql.js WASM: HTTP ${res.status}`)
  try {
    if (res.headers.get('content-type')?.startsWith('application/wasm') === true) {
      return await WebAssembly.compileStreaming(res)
    }
    return await WebAssembly.compile(await res.arrayBuffer())
  } catch (err) {
    throw new StorageUnavailableError(`sql.js WASM: did not compile (${errorToData(err).message})`)
  }
}
