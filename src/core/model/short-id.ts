/**
 * The one way to shorten a NodeId, for log fields and for the stand-in name of someone whose
 * profile has not arrived: the last six characters behind an ellipsis (every Ed25519 PeerId begins
 * `12D3KooW`, so the front says nothing).
 */

/** `…` and the id's last six characters; ids of twelve characters or fewer stay whole. */
export function shortId(id: string): string {
  return id.length > 12 ? `…${id.slice(-6)}` : id
}
