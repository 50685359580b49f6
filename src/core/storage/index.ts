/** Storage: the SQL driver interface, the schema and the store (DESIGN §7). */
export {
  CONSTRAINT_MESSAGE,
  checkSqlParams,
  isThenable,
  type SqlDriver,
  type SqlParam,
  type SqlRow,
  type SqlValue,
} from './sql-driver.ts'
export { createSqlJsDriver, type SqlJsDatabase, type SqlJsStatement } from './sqljs-driver.ts'
