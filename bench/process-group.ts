/**
 * Child processes the bench starts and must stop completely (issue 12: "`npm run bench` leaves
 * nothing running"). `npx vite preview` is a wrapper whose server is a grandchild, so killing the
 * child alone leaves the server behind: each child runs in its own process group and the whole
 * group is signalled.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'

/** Spawns `cmd` as the leader of a new process group (stdio ignored unless `opts` says otherwise). */
export function spawnGroup(cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
  return spawn(cmd, args, { stdio: 'ignore', ...opts, detached: true })
}

/** Sends SIGTERM to the child's whole group, then SIGKILL if it is still there after `graceMs`. */
export async function killGroup(child: ChildProcess, graceMs = 2_000): Promise<void> {
  const pid = child.pid
  if (pid === undefined) return
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  signal(-pid, 'SIGTERM')
  const timer = new Promise<'late'>((r) => setTimeout(() => r('late'), graceMs))
  if ((await Promise.race([exited, timer])) === 'late') signal(-pid, 'SIGKILL')
  // The leader may have gone first; whatever else is in the group goes too.
  signal(-pid, 'SIGKILL')
}

function signal(target: number, sig: NodeJS.Signals): void {
  try {
    process.kill(target, sig)
  } catch {
    // ESRCH: the group is already gone
  }
}
