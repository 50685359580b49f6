import initSqlJs from 'sql.js'
import { createSqlJsDriver } from './sqljs-driver.ts'
import { runSqlDriverContract } from './test-support/contract.ts'

const SQL = await initSqlJs()

runSqlDriverContract('sql.js', () => createSqlJsDriver(new SQL.Database()))
