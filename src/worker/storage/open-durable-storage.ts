/**
 * Opens the node's database (docs/design.md §7): newest usable snapshot + replay of the write-ahead log
 * after it, then a `DurableDriver` and a background `Snapshotter`. If the snapshots and the log
 * cannot together reach every committed write, it throws `CorruptStorageError` and writes nothing,
 * so the evidence stays for recovery instead of being replaced by a smaller database.
 */
import type { Database, SqlJsStatic } from 'sql.js'
import { CorruptStorageError } from '../../core/errors.ts'
// The storage open is loaded before the node's code (issue 12), and the folder's index would pull
// the whole store (and its crypto) into that early chunk.
// deep import: the early chunk takes the driver alone (268 KB → 86 KB)
import { createSqlJsDriver } from '../../core/storage/sqljs-driver.ts'
import { silentWorkerLogger, type WorkerLogger } from '../logger.ts'
import { endPhase, startupClock, timePhase } from '../startup-marks.ts'
import { applyLogEntry, createDurableDriver, type DurableDriver } from './durable-driver.ts'
import { planRestore, type SlotState } from './restore-plan.ts'
import { decodeSnapshot, peekSnapshot, SNAPSHOT_HEADER_BYTES } from './snapshot-file.ts'
import { SNAPSHOT_SLOTS, type SnapshotStore } from './snapshot-store.ts'
import { type SnapshotReport, Snapshotter } from './snapshotter.ts'
import type { WriteAheadLog } from './write-ahead-log.ts'

/** What `openDurableStorage` needs; the worker passes IDB + OPFS, tests pass in-memory ones. */
export interface DurableStorageOptions {
  /** sql.js, or its loading: the log and snapshots are read while the WASM compiles. */
  sql: SqlJsStatic | Promise<SqlJsStatic>
  log: WriteAheadLog
  snapshots: SnapshotStore
  logger?: WorkerLogger
  /** Called at each step of the open (the worker records start-up milestones). */
  onMark?: (step: 'log-read' | 'snapshot-read' | 'database-open') => void
  /** When the snapshot slot the open did not need is checksummed (default 5 s after open). */
  verifyLaterMs?: number
  /** Snapshot debounce (default 2 s) and upper bound on delay (default 30 s). */
  debounceMs?: number
  maxDelayMs?: number
}

/** How the open went, for the status page and tests. */
export interface OpenReport {
  /** Problems found and recovered from (e.g. a corrupt snapshot); empty when all was well. */
  warnings: string[]
  /** The snapshot slot the database was rebuilt from, null for an empty start. */
  baseSlot: number | null
  baseSeq: number
  replayed: number
  ms: number
}

/** An open durable database. */
export interface DurableStorage {
  driver: DurableDriver
  report: OpenReport
  /** Takes a snapshot now (tests, bench, before a planned shutdown). */
  snapshotNow(): Promise<SnapshotReport | undefined>
  /** The newest sequence held by a snapshot. */
  readonly snapshotSeq: number
  /** Flushes the log, stops snapshots and closes the database. */
  close(): Promise<void>
}

/** Opens storage; throws `CorruptStorageError` when committed data cannot be fully restored. */
export async function openDurableStorage(opts: DurableStorageOptions): Promise<DurableStorage> {
  const started = performance.now()
  const logger = opts.logger ?? silentWorkerLogger
  // Only what the open needs is read (issue 12): the slots' headers, the log's sequence numbers
  // after the newest snapshot's (all of them only when that snapshot turns out not to be the
  // base), the base snapshot in full (checksummed), and the log entries after it.
  const [heads, meta] = await Promise.all([
    timePhase('snapshot-heads', () =>
      Promise.all(Array.from({ length: SNAPSHOT_SLOTS }, (_, slot) => peekSlot(opts.snapshots, slot))),
    ),
    opts.log.readMeta(),
  ])
  let seqsAfter = Math.max(0, ...heads.map((s) => (s.state === 'ok' ? s.seq : 0)))
  let logSeqs = await opts.log.readSeqs(seqsAfter)
  opts.onMark?.('log-read')
  // The entries to replay if the newest snapshot is the base, read while it is read and checked.
  const entriesAfterNewest = opts.log.readAfter(seqsAfter)
  entriesAfterNewest.catch(() => {})
  const slots: SlotState[] = [...heads]
  const unverified = new Set(slots.filter((s) => s.state === 'ok').map((s) => s.slot))
  const opened = new Map<number, Promise<Database>>()
  const openImage = async (image: Uint8Array): Promise<Database> => openDatabase(await opts.sql, image)
  const planned = () => {
    const p = planRestore({ slots, logSeqs, confirmedSnapshotSeq: meta.snapshotSeq })
    // an unreadable log file counts as absent: named here, and the plan sees its gap (issue 11)
    return { ...p, warnings: [...(opts.log.problems?.() ?? []), ...p.warnings] }
  }
  let plan = planned()
  for (;;) {
    if (seqsAfter > 0 && (!plan.ok || plan.base.seq < seqsAfter)) {
      // An older base needs the entries the newest snapshot made skippable.
      seqsAfter = 0
      logSeqs = await opts.log.readSeqs(0)
    } else if (plan.ok && plan.base.slot !== null && unverified.has(plan.base.slot)) {
      const slot = plan.base.slot
      unverified.delete(slot)
      const read = await readSlot(opts.snapshots, slot, openImage)
      slots[slot] = read.state
      if (read.db !== undefined) opened.set(slot, read.db)
    } else break
    plan = planned()
  }
  opts.onMark?.('snapshot-read')
  if (!plan.ok) {
    logger.error('storage.unrecoverable', { reason: plan.reason })
    throw new CorruptStorageError([plan.reason, ...plan.warnings].join('; '))
  }
  const base = plan.base
  const entriesAfterBase =
    base.seq === seqsAfter
      ? entriesAfterNewest
      : entriesAfterNewest.then(
          () => opts.log.readAfter(base.seq),
          () => opts.log.readAfter(base.seq),
        )
  entriesAfterBase.catch(() => {})

  let replayed = 0
  const baseDb = base.slot === null ? undefined : opened.get(base.slot)
  for (const [slot, other] of opened)
    if (slot !== base.slot)
      void other.then(
        (d) => d.close(),
        () => {},
      )
  let db: Database
  try {
    db = await (baseDb ?? openDatabase(await opts.sql, undefined))
  } catch (err) {
    throw new CorruptStorageError(`snapshot ${base.slot} does not open as SQLite: ${String(err)}`)
  }
  const inner = createSqlJsDriver(db)
  opts.onMark?.('database-open')
  try {
    const entries = await entriesAfterBase
    const replayStarted = startupClock()
    for (const entry of entries) {
      if (entry.seq <= base.seq) continue
      applyLogEntry(inner, entry)
      replayed++
    }
    endPhase('log-replay', replayStarted)
  } catch (err) {
    inner.close()
    throw new CorruptStorageError(`log replay failed at entry ${base.seq + replayed + 1}: ${String(err)}`)
  }
  // An entry replayed from one store only is built on from now: the other store gets it first.
  const copyWarnings = await restoreLogCopies(opts.log)
  const seq = Math.max(base.seq, logSeqs.at(-1) ?? 0)
  const openDb = db
  const driver = createDurableDriver({
    inner,
    exportImage: () => openDb.export(),
    log: opts.log,
    startSeq: seq,
  })
  const snapshotter = new Snapshotter({
    driver,
    store: opts.snapshots,
    log: opts.log,
    slotSeqs: slots.map((s) => (s.state === 'ok' ? s.seq : -1)),
    debounceMs: opts.debounceMs,
    maxDelayMs: opts.maxDelayMs,
    logger,
  })
  driver.onMutation = () => snapshotter.notify()
  if (replayed > 0) snapshotter.notify()
  // A slot not needed for this open is checked later, off the start path; if it is corrupt, the
  // log is kept for it no longer (the next snapshot overwrites it).
  const later = setTimeout(() => {
    for (const slot of unverified) {
      void readSlot(opts.snapshots, slot).then((read) => {
        if (read.state.state !== 'corrupt') return
        logger.warn('storage.recovered', { detail: `snapshot ${slot}: ${read.state.reason}` })
        snapshotter.forgetSlot(slot)
      })
    }
  }, opts.verifyLaterMs ?? 5_000)

  const warnings = [...plan.warnings, ...copyWarnings]
  const report: OpenReport = {
    warnings,
    baseSlot: plan.base.slot,
    baseSeq: plan.base.seq,
    replayed,
    ms: performance.now() - started,
  }
  for (const w of warnings) logger.warn('storage.recovered', { detail: w })
  logger.info('storage.opened', { seq, replayed, ms: Math.round(report.ms) })

  return {
    driver,
    report,
    snapshotNow: () => snapshotter.snapshotNow(),
    get snapshotSeq() {
      return snapshotter.snapshotSeq
    },
    async close() {
      clearTimeout(later)
      await snapshotter.stop()
      await driver.flush().catch(() => {})
      driver.close()
      opts.log.close()
    },
  }
}

/** Mends a mirrored log's one-store entries; what it did or could not do, as open warnings. */
async function restoreLogCopies(log: WriteAheadLog): Promise<string[]> {
  try {
    const restored = (await log.restoreCopies?.()) ?? 0
    return restored === 0 ? [] : [`${restored} log entries held by one store only were copied to the other`]
  } catch (err) {
    return [`log entries held by one store only could not be copied to the other: ${String(err)}`]
  }
}

/** One slot's state from its header alone: `ok` here is a claim until `readSlot` checks it. */
async function peekSlot(store: SnapshotStore, slot: number): Promise<SlotState> {
  const head = await store.readHead(slot, SNAPSHOT_HEADER_BYTES)
  if (head === undefined) return { slot, state: 'missing' }
  try {
    return { slot, state: 'ok', seq: peekSnapshot(head).seq }
  } catch (err) {
    return { slot, state: 'corrupt', reason: err instanceof Error ? err.message : String(err) }
  }
}

/** A sql.js database over `image` (empty without one), timed as the start-up's `database-open`. */
function openDatabase(sql: SqlJsStatic, image: Uint8Array | undefined): Database {
  return timePhase('database-open', () => new sql.Database(image))
}

/**
 * Reads and checksums one slot. With `open`, the image is opened while its checksum is computed
 * (issue 12); a slot that fails the check has it closed, unused. Chromium's `digest` runs on
 * this thread (a trace shows `DoDigest` in the worker's own task, ≈ 9 ms for 7 MiB): the hash and
 * the open take turns on the thread; what overlaps is the waiting around them.
 */
async function readSlot(
  store: SnapshotStore,
  slot: number,
  open?: (image: Uint8Array) => Promise<Database>,
): Promise<{ state: SlotState; db?: Promise<Database> }> {
  const bytes = await timePhase('snapshot-read', () => store.read(slot))
  if (bytes === undefined) return { state: { slot, state: 'missing' } }
  const checked = timePhase('snapshot-checksum', () => decodeSnapshot(bytes))
  const db = open?.(bytes.subarray(SNAPSHOT_HEADER_BYTES))
  db?.catch(() => {})
  try {
    const snap = await checked
    return { state: { slot, state: 'ok', seq: snap.seq }, ...(db === undefined ? {} : { db }) }
  } catch (err) {
    void db?.then(
      (d) => d.close(),
      () => {},
    )
    return { state: { slot, state: 'corrupt', reason: err instanceof Error ? err.message : String(err) } }
  }
}
