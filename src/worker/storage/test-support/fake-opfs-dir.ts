/**
 * An in-memory stand-in for an OPFS directory handle (unit tests only; the real one runs in
 * Chromium, e2e/browser/worker-node.spec.ts): files by name, `createWritable()` that swaps in on
 * `close()`, `keys()`, `removeEntry()`, counters of calls in flight to check concurrency, and a
 * simulated crash after a given number of changes (every later change fails, as if it never ran).
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
  /** Changes (file creations, swaps on close, removals) still allowed; undefined: no limit. */
  crashAfter: number | undefined
  /** Whether a change was refused since `crashAfter` was set. */
  crashed: boolean
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
    crashAfter: undefined,
    crashed: false,
  }
  const change = (): void => {
    if (fake.crashAfter === undefined) return
    if (fake.crashAfter <= 0) {
      fake.crashed = true
      throw new DOMException('simulated crash', 'AbortError')
    }
    fake.crashAfter--
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
          change()
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
        change()
        files.set(name, new Uint8Array())
      }
      return fileHandle(name)
    },
    removeEntry: (name: string) =>
      busy(() => {
        change()
        if (!files.delete(name)) throw notFound(name)
        fake.removals++
      }),
    async *keys() {
      yield* [...files.keys()]
    },
  } as unknown as FileSystemDirectoryHandle
  return fake
}
