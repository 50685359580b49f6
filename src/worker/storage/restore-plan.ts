/**
 * Decides how to rebuild the database on open (docs/design.md §7: snapshot + replay): which snapshot to
 * start from and which log entries to replay. Never settles for less than everything the log and
 * the snapshot record say was committed; if that cannot be reached the answer is a refusal, so a
 * corrupt or missing snapshot is never silently replaced by an older or empty database.
 */

/** What was found in one snapshot slot. */
export type SlotState =
  | { slot: number; state: 'missing' }
  | { slot: number; state: 'corrupt'; reason: string }
  | { slot: number; state: 'ok'; seq: number }

/** How to open: start from `base` (a slot, or an empty database) and replay entries after it. */
export type RestorePlan =
  | { ok: true; base: { slot: number; seq: number } | { slot: null; seq: 0 }; warnings: string[] }
  | { ok: false; reason: string; warnings: string[] }

/** Input of `planRestore`: the slots, the log's sequence numbers (ascending), the log's meta. */
export interface RestoreInput {
  slots: readonly SlotState[]
  logSeqs: readonly number[]
  confirmedSnapshotSeq: number
}

/** Picks the newest snapshot from which the log reaches every committed entry. */
export function planRestore(input: RestoreInput): RestorePlan {
  const warnings: string[] = []
  for (const s of input.slots) {
    if (s.state === 'corrupt') warnings.push(`snapshot ${s.slot}: ${s.reason}`)
  }
  const lastLog = input.logSeqs.at(-1) ?? 0
  const required = Math.max(lastLog, input.confirmedSnapshotSeq)
  const candidates: { slot: number | null; seq: number }[] = input.slots
    .filter((s): s is Extract<SlotState, { state: 'ok' }> => s.state === 'ok')
    .sort((a, b) => b.seq - a.seq)
    .map((s) => ({ slot: s.slot, seq: s.seq }))
  candidates.push({ slot: null, seq: 0 })

  for (const c of candidates) {
    const problem = coverageProblem(c.seq, input.logSeqs, required)
    if (problem === undefined) {
      if (c.slot === null && input.confirmedSnapshotSeq > 0) {
        warnings.push('no usable snapshot: rebuilt from the whole log')
      }
      const base = c.slot === null ? { slot: null, seq: 0 as const } : { slot: c.slot, seq: c.seq }
      return { ok: true, base, warnings }
    }
    warnings.push(`${c.slot === null ? 'empty database' : `snapshot ${c.slot} (seq ${c.seq})`}: ${problem}`)
  }
  return {
    ok: false,
    reason: `no snapshot plus log reaches sequence ${required}; refusing to open with data missing`,
    warnings,
  }
}

/** Why starting at `seq` would lose entries, or undefined if it reaches `required`. */
function coverageProblem(seq: number, logSeqs: readonly number[], required: number): string | undefined {
  let expected = seq + 1
  for (const s of logSeqs) {
    if (s <= seq) continue
    if (s !== expected) return `log jumps from ${expected - 1} to ${s}`
    expected++
  }
  const reached = expected - 1
  if (reached < required) return `reaches only sequence ${reached} of ${required}`
  return undefined
}
