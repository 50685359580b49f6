/** Saves bytes as a file the user downloads (identity and data export). */
import type { RpcClient } from '../state/index.ts'

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

/** Asks the node for the whole data export and downloads it (Settings: backup and the loss-risk line). */
export async function downloadDataExport(client: Pick<RpcClient, 'call'>): Promise<void> {
  const { file } = await client.call('data.export', {})
  downloadBytes(file, `distsoc-data-${new Date().toISOString().slice(0, 10)}.dsdata`)
}
