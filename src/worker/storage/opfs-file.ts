/**
 * The one way the worker writes a file in the origin private file system (docs/design.md §7):
 * `createWritable()` writes to a swap file that `close()` moves into place atomically, so a crash
 * leaves the old file (or none) whole. Snapshot slots and the log's OPFS copy both write through it.
 * (`createSyncAccessHandle` does not exist in a SharedWorker, §10.)
 */

/** Replaces (or creates) `name` in `dir` with `bytes` atomically; on failure the swap file is dropped. */
export async function writeOpfsFile(
  dir: FileSystemDirectoryHandle,
  name: string,
  bytes: Uint8Array,
): Promise<void> {
  const writable = await (await dir.getFileHandle(name, { create: true })).createWritable()
  try {
    await writable.write(bytes as Uint8Array<ArrayBuffer>)
    await writable.close()
  } catch (err) {
    await writable.abort().catch(() => {})
    throw err
  }
}

/** Runs `task` on every item, at most `limit` at once (OPFS calls are slow one by one, fast together). */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      await task(items[i] as T, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
