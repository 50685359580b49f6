/**
 * The device key (issue 10 "secrets at rest"): a non-extractable WebCrypto AES-GCM-256 key kept in
 * its own IndexedDB database, apart from the SQL database, its write-ahead log and its OPFS
 * snapshots. Script can use it but never read its bytes, so a copy of the profile's files
 * without this origin's live IndexedDB does not yield the identity seed.
 *   wrapped = 0x01 ‖ iv[12] ‖ AES-GCM(key, iv, secret, AD = "distsoc device key v1")
 */
import { type DBSchema, openDB } from 'idb'
import type { SecretWrapper } from '../core/app/index.ts'
import { DeviceKeyError } from '../core/errors.ts'

const VERSION = 0x01
const IV_BYTES = 12
const TAG_BYTES = 16
const AD = new TextEncoder().encode('distsoc device key v1')
const KEY_ID = 'seed-wrap'

interface KeySchema extends DBSchema {
  keys: { key: string; value: CryptoKey }
}

/** The IndexedDB database that holds the device key (never the log's database). */
export const DEVICE_KEY_DB = 'distsoc-device-key'

async function keyStore(name: string) {
  return openDB<KeySchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore('keys')
    },
  })
}

async function loadKey(name: string, create: boolean): Promise<CryptoKey | undefined> {
  const db = await keyStore(name)
  try {
    const existing = await db.get('keys', KEY_ID)
    if (existing !== undefined || !create) return existing
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ])
    // add(), not put(): if another context made one meanwhile, keep theirs.
    await db.add('keys', key, KEY_ID).catch(() => undefined)
    return (await db.get('keys', KEY_ID)) ?? key
  } finally {
    db.close()
  }
}

const preloaded = new Map<string, Promise<CryptoKey | undefined>>()

/**
 * Starts reading the device key of `dbName` now (the worker calls it while storage opens, issue 12),
 * so the identity's unwrap after the open does not wait for IndexedDB. Read-only: creates nothing.
 */
export function preloadDeviceKey(dbName = DEVICE_KEY_DB): void {
  if (preloaded.has(dbName)) return
  const loading = loadKey(dbName, false)
  loading.catch(() => {})
  preloaded.set(dbName, loading)
}

/** The preloaded key, taken once (a later unwrap reads afresh); undefined when none was preloaded. */
async function takePreloaded(dbName: string): Promise<CryptoKey | undefined> {
  const loading = preloaded.get(dbName)
  preloaded.delete(dbName)
  return loading?.catch(() => undefined)
}

/** A SecretWrapper over the profile's device key in IndexedDB `dbName`, created on the first wrap. */
export function createDeviceKeyWrapper(dbName = DEVICE_KEY_DB): SecretWrapper {
  return {
    async wrap(secret) {
      const key = await loadKey(dbName, true)
      if (key === undefined) throw new DeviceKeyError('no device key could be made')
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
      const sealed = new Uint8Array(
        await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: AD }, key, secret.slice()),
      )
      const out = new Uint8Array(1 + IV_BYTES + sealed.length)
      out[0] = VERSION
      out.set(iv, 1)
      out.set(sealed, 1 + IV_BYTES)
      return out
    },
    async unwrap(wrapped) {
      if (wrapped.length < 1 + IV_BYTES + TAG_BYTES || wrapped[0] !== VERSION)
        throw new DeviceKeyError('the wrapped secret is damaged')
      const key = (await takePreloaded(dbName)) ?? (await loadKey(dbName, false))
      if (key === undefined) throw new DeviceKeyError('this profile has no device key')
      try {
        const iv = wrapped.slice(1, 1 + IV_BYTES)
        const sealed = wrapped.slice(1 + IV_BYTES)
        return new Uint8Array(
          await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: AD }, key, sealed),
        )
      } catch {
        throw new DeviceKeyError('the device key does not open the wrapped secret')
      }
    },
  }
}
