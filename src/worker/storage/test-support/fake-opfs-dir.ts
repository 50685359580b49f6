/**
 * An in-memory stand-in for an OPFS directory handle (unit tests only; the real one runs in
 * Chromium, e2e/browser/worker-node.spec.ts): files by name, `createWritable()` that swaps in on
 * `close()`, `keys()`, `removeEntry()`, and counters of calls in flight to check concurrency.
 */

/** The fake directory plus test hooks. */
export interface FakeOpfsDir {
  handle: FileSystemDirectoryHandle
  files: Map<string, Uint8Array>
  /** Most calls (reads, removals) in flight at once so far. */
  peakInFlight: number
  removals: number
  /** Files read (`getFile` calls) so far. */
  reads: number
}

/** Creates an empty fake directory. */
export function createFakeOpfsDir(): FakeOpfsDir {
  const files = new Map<string, Uint8Array>()
  let inFlight = 0
  const fake: FakeOpfsDir = {
    handle: undefined as unknown as FileSystemDirectoryHandle,
    files,
    peakInFlight: 0,
    removals: 0,
    reads: 0,
  }
  const busy = async <T>(fn: () => T): Promise<T> => {
    inFlight++
    fake.peakInFlight = Math.max(fake.peakInFlight, inFlight)
    await new Promise((resolve) => setTimeout(resolve, 0))
    inFlight--
    return fn()
  }
  const notFound = (name: string) => new DOMException(`${name} not found`, 'NotFoundError')
  const fileHandle = (name: string) => ({
    kind: 'file',
    name,
    getFile: () =>
      busy(() => {
        fake.reads++
        const bytes = files.get(name)
        if (bytes === undefined) throw notFound(name)
        return new Blob([bytes.slice()])
      }),
    createWritable: async () => {
      const parts: Uint8Array<ArrayBuffer>[] = []
      return {
        write: async (b: Uint8Array) => {
          parts.push(b.slice())
        },
        close: async () => {
          files.set(name, new Uint8Array(await new Blob(parts).arrayBuffer()))
        },
        abort: async () => {},
      }
    },
  })
  fake.handle = {
    kind: 'directory',
    name: 'wal',
    async getFileHandle(name: string, opts?: { create?: boolean }) {
      if (!files.has(name)) {
        if (opts?.create !== true) throw notFound(name)
        files.set(name, new Uint8Array())
      }
      return fileHandle(name)
    },
    removeEntry: (name: string) =>
      busy(() => {
        if (!files.delete(name)) throw notFound(name)
        fake.removals++
      }),
    async *keys() {
      yield* [...files.keys()]
    },
  } as unknown as FileSystemDirectoryHandle
  return fake
}
