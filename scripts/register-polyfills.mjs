// Loaded with `node --import` before any entry point that runs libp2p in Node.
import './polyfills.mjs'
