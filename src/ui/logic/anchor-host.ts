/**
 * A readable name for an anchor multiaddr (issue 16: anchors shown by host name, not `/ip4/…`):
 * `/dns4/anchor.example.org/tcp/443/wss/p2p/…` → `anchor.example.org`, an IP with its port when it
 * is not the default one of its scheme. Anything unrecognised is returned as it was.
 */

/** The host (and non-default port) an anchor address names. */
export function anchorHost(addr: string): string {
  const parts = addr.split('/').filter((p) => p !== '')
  let host: string | undefined
  let port: string | undefined
  let secure = false
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i]
    const value = parts[i + 1]
    if ((key === 'dns4' || key === 'dns6' || key === 'dns' || key === 'ip4') && value !== undefined)
      host ??= value
    else if (key === 'ip6' && value !== undefined) host ??= `[${value}]`
    else if (key === 'tcp' && value !== undefined) port ??= value
    else if (key === 'wss' || key === 'tls') secure = true
    else if (key === 'p2p-circuit') break
  }
  if (host === undefined) return addr
  const defaultPort = secure ? '443' : '80'
  return port === undefined || port === defaultPort ? host : `${host}:${port}`
}
