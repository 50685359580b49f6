/**
 * The anchor's identity key persists in its data directory (`identity.key`, the 32-byte Ed25519
 * seed, mode 0600): created on first start, reused after, so its NodeId and addresses stay stable.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CorruptStorageError } from '../../src/core/errors.ts'
import { generateIdentity, type Identity, identityFromSeed } from '../../src/core/model/index.ts'

/** File name of the key inside the data directory. */
export const IDENTITY_FILE = 'identity.key'

/** Loads the identity from `dataDir`, creating the directory and a fresh key on first start. */
export async function loadOrCreateIdentity(
  dataDir: string,
): Promise<{ identity: Identity; created: boolean }> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const path = join(dataDir, IDENTITY_FILE)
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    const identity = generateIdentity()
    await writeFile(path, identity.seed, { mode: 0o600, flag: 'wx' })
    await chmod(path, 0o600)
    return { identity, created: true }
  }
  if (bytes.length !== 32)
    throw new CorruptStorageError(`${path}: expected a 32-byte key, found ${bytes.length} bytes`)
  return { identity: identityFromSeed(new Uint8Array(bytes)), created: false }
}
