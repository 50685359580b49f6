/**
 * A quick check of what the user pasted into "Follow" before asking the node, which parses it fully
 * (`core/app/connect-string.ts`: a bare NodeId or `distsoc:<NodeId>?anchor=…`). It only catches
 * obvious typos so the user gets a message at once; the node remains the judge.
 */

/** An Ed25519 libp2p PeerId in base58btc: `12D3KooW` + 44 more base58 characters. */
const NODE_ID = /^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/

/** True if `text` looks like a NodeId. */
export function looksLikeNodeId(text: string): boolean {
  return NODE_ID.test(text)
}

/** Returns a message for the user if `input` cannot be a NodeId or connect string, else null. */
export function checkFollowTarget(input: string): string | null {
  const text = input.trim()
  if (text === '') return 'Paste a NodeId or a connect string.'
  if (text.length > 4096) return 'That is too long to be a connect string.'
  const id = text.startsWith('distsoc:') ? (text.slice('distsoc:'.length).split('?')[0] ?? '') : text
  if (!looksLikeNodeId(id)) {
    return text.startsWith('distsoc:')
      ? 'That connect string does not contain a valid NodeId.'
      : 'That is not a NodeId (they start with 12D3KooW and are 52 characters long) or a connect string (distsoc:…).'
  }
  return null
}
