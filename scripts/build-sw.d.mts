/** Types of build-sw.mjs: the Vite plugin that writes the Workbox service worker after the build. */
import type { Plugin } from 'vite'

/** Writes dist/sw.js precaching the app shell (DESIGN §8). */
export function serviceWorkerPlugin(): Plugin
