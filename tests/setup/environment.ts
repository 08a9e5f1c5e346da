/**
 * The test environment of the projects that boot Strapi: Jest's node environment, plus a last clean-up
 * after each test file. Whatever scratch database a file created (tests/helpers/databases.ts lists
 * them on the file's global) and did not drop — a test that failed before its `stop()`, an app left
 * running — is dropped here, after the file's own hooks, so no run leaves an `inv_…` database behind.
 */
import NodeEnvironment from 'jest-environment-node';
import { dropServerDatabase, type RegisteredDatabase } from '../helpers/databases';

export default class InvoicingTestEnvironment extends NodeEnvironment {
  override async teardown(): Promise<void> {
    const left = ((this.global as { __invoicingTestDatabases?: RegisteredDatabase[] }).__invoicingTestDatabases ?? []).filter(
      (database) => !database.dropped,
    );
    for (const database of left) {
      try {
        await dropServerDatabase(database.dialect, database.name);
        database.dropped = true;
      } catch (error) {
        process.stderr.write(`could not drop the test database ${database.name}: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    await super.teardown();
  }
}
