/** The installable app: the service worker that caches the shell (docs/design.md §8). */
export { registerServiceWorker } from './register-service-worker.ts'
