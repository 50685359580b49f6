/**
 * Named error classes (STYLE: one class per condition, matched by `err.name`, never by message).
 * Errors cross the RPC boundary as `{ name, message }` and are rebuilt with `errorFromData`.
 */

/** Base of every error distsoc raises on purpose. */
export class DistsocError extends Error {
  override name = 'DistsocError'
}

/** A named error class: a distinct type per name (the type-only brand `kind` is never set). */
export type NamedErrorClass<N extends string> = new (
  message?: string,
  options?: ErrorOptions,
) => DistsocError & { readonly kind?: N }

/**
 * The one registry: every class `define` makes is in it, so `errorFromData` rebuilds each one
 * (there is no second list to forget a class in).
 */
const known = new Map<string, new (message?: string) => Error>([['DistsocError', DistsocError]])

function define<N extends string>(name: N): NamedErrorClass<N> {
  const ErrorClass = class extends DistsocError {
    override name: string = name
  }
  Object.defineProperty(ErrorClass, 'name', { value: name })
  known.set(name, ErrorClass)
  return ErrorClass as unknown as NamedErrorClass<N>
}

// Input and validation
/** A value does not have the shape or type its boundary expects. */
export const ValidationError = define('ValidationError')
/** Bytes are not valid canonical CBOR / not the expected structure. */
export const MalformedError = define('MalformedError')
/** Something exceeds a size limit of docs/design.md §4–§5. */
export const TooLargeError = define('TooLargeError')
/** A sync frame exceeds its cap (docs/design.md §5). */
export const FrameTooLargeError = define('FrameTooLargeError')
/** A frame type that the protocol does not know, or at the wrong point of a session. */
export const UnexpectedFrameError = define('UnexpectedFrameError')

// Identity, signatures, content addressing
/** A NodeId string is not a valid Ed25519 libp2p PeerId. */
export const InvalidNodeIdError = define('InvalidNodeIdError')
/** A signature does not verify against the claimed author. */
export const InvalidSignatureError = define('InvalidSignatureError')
/** A PostId / BlobId does not match the hash of its content. */
export const IdMismatchError = define('IdMismatchError')
/** A timestamp lies more than 15 minutes in the future. */
export const FutureTimestampError = define('FutureTimestampError')

// Encryption
/** The envelope's version byte is not one we understand. */
export const UnsupportedVersionError = define('UnsupportedVersionError')
/** This identity is not among the post's recipients. */
export const NotARecipientError = define('NotARecipientError')
/** AEAD authentication failed: tampered, truncated or wrong key. */
export const DecryptionError = define('DecryptionError')
/** A DH result was all-zero (low-order public key). */
export const LowOrderKeyError = define('LowOrderKeyError')
/** More recipients than per-recipient wrapping allows (seed: ~500; groups come later). */
export const TooManyRecipientsError = define('TooManyRecipientsError')
/** An identity export could not be opened with the given passphrase. */
export const WrongPassphraseError = define('WrongPassphraseError')
/** The device key that wraps the identity seed at rest is missing or does not open it (issue 10). */
export const DeviceKeyError = define('DeviceKeyError')

// Storage and state
/** A stored row or snapshot failed its check. */
export const CorruptStorageError = define('CorruptStorageError')
/** The write-ahead log could not be appended, so the write was not acknowledged (docs/design.md §7). */
export const StorageWriteError = define('StorageWriteError')
/** The database engine could not be loaded (the sql.js WASM fetch or compile failed), so storage cannot open. */
export const StorageUnavailableError = define('StorageUnavailableError')
/** Something asked for does not exist. */
export const NotFoundError = define('NotFoundError')
/** A name that must be unique is taken (e.g. a circle). */
export const DuplicateError = define('DuplicateError')
/** A SQL statement broke a UNIQUE / NOT NULL / CHECK / FOREIGN KEY constraint (any SQL driver). */
export const ConstraintError = define('ConstraintError')
/** The node has no identity yet (first run not finished). */
export const NoIdentityError = define('NoIdentityError')
/** An anchor refuses to store more for this author. */
export const MailboxQuotaExceededError = define('MailboxQuotaExceededError')
/** A peer asked an anchor to keep something for it, but its profile does not list that anchor (issue 14). */
export const NotAnAnchorUserError = define('NotAnAnchorUserError')
/** An item a node did not ask for (a message request) is over its admission budget (docs/design.md §5). */
export const AdmissionRefusedError = define('AdmissionRefusedError')
/** A delete request names a post of another author: only the author deletes (docs/design.md §4). */
export const ForeignDeleteError = define('ForeignDeleteError')
/** A re-encrypted post names a post of another author or another time (seed D-2). */
export const ReplacedPostMismatchError = define('ReplacedPostMismatchError')
/** The post was deleted by its author; a tombstone keeps it out. */
export const TombstonedError = define('TombstonedError')
/** A reply from someone not asked for names a post this node does not hold (issue 16: floods stay bounded). */
export const UnknownParentError = define('UnknownParentError')
/** A peer could not be reached by any path of the discovery cascade. */
export const UnreachableError = define('UnreachableError')
/** A peer asked more often than its budget allows (locate, notices; docs/design.md §6). */
export const RateLimitedError = define('RateLimitedError')
/** A peer did not answer a one-frame request in time (it stalled, or its connection died). */
export const RequestTimeoutError = define('RequestTimeoutError')

// Hosting and reciprocity (issue 15; docs/protocol/hosting.md)
/** A node already hosts 3× what it asks others to host for it (or its mailbox is full): new hosting is refused. */
export const HostingQuotaExceededError = define('HostingQuotaExceededError')

// Groups (issue 14)
/** The signer's role in the group does not allow this record or post (a Viewer's post, a Poster's removal). */
export const GroupRoleError = define('GroupRoleError')
/** A group record contradicts the log held: replayed, out of order, an older epoch, a fork. */
export const GroupConflictError = define('GroupConflictError')
/** A group record or post for a group this node is not in, or naming a non-member. */
export const NotAGroupMemberError = define('NotAGroupMemberError')

// Sync sessions (docs/design.md §5)
/** The remote sent nothing within the session's timeout. */
export const SyncTimeoutError = define('SyncTimeoutError')
/** The sync stream was reset or failed underneath the session, or a session bound was exceeded. */
export const SyncAbortedError = define('SyncAbortedError')
/** A peer refuses to serve a pull now (its per-peer or global budget is spent); try later. */
export const SyncBusyError = define('SyncBusyError')
/** A peer in cool-down after sessions of refused items (issue 11): its pull was cut short or not opened. */
export const SyncBackoffError = define('SyncBackoffError')
/** No tab is hosting WebRTC for the worker right now (docs/design.md §1): fall back to WebSocket / relay. */
export const NoWebRtcHostError = define('NoWebRtcHostError')

// Replicas (issue 15)
/** A holder's self-report is not newer than the last one taken from it (a replay, or out of order). */
export const ReplayedReportError = define('ReplayedReportError')
/** A peer's answer to "do you still hold X?" does not prove it holds what it claims. */
export const LivenessProofError = define('LivenessProofError')

// Tabs and the worker
/** Without SharedWorker, another tab already runs the node (docs/design.md §1): use that tab. */
export const OtherTabActiveError = define('OtherTabActiveError')
/** The worker did not answer an RPC request in time. */
export const RpcTimeoutError = define('RpcTimeoutError')
/** The node's worker script did not load, or threw while starting (the message says why and what to do). */
export const WorkerStartError = define('WorkerStartError')

/** What an error looks like on the wire (RPC, anchor HTTP). */
export interface ErrorData {
  name: string
  message: string
}

/** Turns any thrown value into `{ name, message }`; unknown errors keep their name. */
export function errorToData(err: unknown): ErrorData {
  if (err instanceof Error) return { name: err.name, message: err.message }
  return { name: 'Error', message: String(err) }
}

/** Rebuilds an error from `{ name, message }`, as the named class when we know it. */
export function errorFromData(data: ErrorData): Error {
  const ErrorClass = known.get(data.name)
  if (ErrorClass !== undefined) return new ErrorClass(data.message)
  const err = new Error(data.message)
  err.name = data.name
  return err
}

/** True if `err` is an Error with this name (STYLE: match by name, not by instanceof or text). */
export function isErrorNamed(err: unknown, name: string): boolean {
  return err instanceof Error && err.name === name
}

/** The name of a thrown value for logs and counters: its `name` if it is an Error, else `fallback` (default `error`). */
export function errorName(err: unknown, fallback = 'error'): string {
  return err instanceof Error ? err.name : fallback
}

/** Every registered error name (for tests: each class crosses the RPC as itself). */
export function knownErrorNames(): string[] {
  return [...known.keys()]
}
