/** The page's elements: importing this registers `<ds-app>`, which imports and registers the rest. */
export { DsApp } from './ds-app.ts'
