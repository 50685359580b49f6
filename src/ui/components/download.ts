/** Saves bytes as a file the user downloads (identity and data export). */

/** Triggers a download of `bytes` named `name`. */
export function downloadBytes(bytes: Uint8Array, name: string, mime = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.rel = 'noopener'
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
