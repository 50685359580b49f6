/**
 * Where snapshots live: two slots in the origin private file system (docs/design.md §7). A slot is written
 * with `writeOpfsFile` (`createWritable()`, whose `close()` swaps the file in atomically), so a
 * crash mid-write leaves the old slot intact.
 * Two slots mean a snapshot that later turns out corrupt still has an older one plus the log.
 */
import { writeOpfsFile } from './opfs-file.ts'

/** Byte storage of the snapshot slots; OPFS in the browser, a Map in tests. */
export interface SnapshotStore {
  /** The slot's bytes, or undefined when the slot was never written. */
  read(slot: number): Promise<Uint8Array | undefined>
  /** The first `bytes` bytes of the slot (its header), or undefined when it was never written. */
  readHead(slot: number, bytes: number): Promise<Uint8Array | undefined>
  /** Replaces the slot's bytes atomically. */
  write(slot: number, bytes: Uint8Array): Promise<void>
}

/** The number of snapshot slots. */
export const SNAPSHOT_SLOTS = 2

/** The file name of a slot, inside the `distsoc` OPFS directory. */
export function slotFileName(slot: number): string {
  return `snapshot-${slot}.bin`
}

/** Snapshot slots in OPFS under `dirName`. */
export function createOpfsSnapshotStore(dirName = 'distsoc'): SnapshotStore {
  let dir: Promise<FileSystemDirectoryHandle> | undefined
  const directory = (): Promise<FileSystemDirectoryHandle> => {
    dir ??= navigator.storage
      .getDirectory()
      .then((root) => root.getDirectoryHandle(dirName, { create: true }))
    return dir
  }
  const file = async (slot: number): Promise<File | undefined> => {
    let handle: FileSystemFileHandle
    try {
      handle = await (await directory()).getFileHandle(slotFileName(slot))
    } catch (err) {
      if (err instanceof DOMException && err.name === 'NotFoundError') return undefined
      throw err
    }
    return handle.getFile()
  }
  return {
    async read(slot) {
      const f = await file(slot)
      return f === undefined ? undefined : new Uint8Array(await f.arrayBuffer())
    },
    async readHead(slot, bytes) {
      const f = await file(slot)
      return f === undefined ? undefined : new Uint8Array(await f.slice(0, bytes).arrayBuffer())
    },
    async write(slot, bytes) {
      await writeOpfsFile(await directory(), slotFileName(slot), bytes)
    },
  }
}

/** Snapshot slots in memory (tests). */
export function createMemorySnapshotStore(): SnapshotStore & { slots: Map<number, Uint8Array> } {
  const slots = new Map<number, Uint8Array>()
  return {
    slots,
    async read(slot) {
      return slots.get(slot)?.slice()
    },
    async readHead(slot, bytes) {
      return slots.get(slot)?.slice(0, bytes)
    },
    async write(slot, bytes) {
      slots.set(slot, bytes.slice())
    },
  }
}
