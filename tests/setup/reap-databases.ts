/**
 * globalSetup and globalTeardown of the projects on PostgreSQL and MySQL/MariaDB: drops the scratch
 * databases (`inv_<pid>_<host>_…`) of test processes of this machine that no longer exist — a worker
 * killed half-way through a file cannot drop its own. Databases of live processes (this run's, or
 * another run going on at the same time) are left alone. A server that cannot be reached is not an
 * error here: the tests themselves fail with a message naming it.
 */
import { DATABASE_NAME, HOST_TAG, dropServerDatabase, listServerDatabases, type ServerDialect } from '../helpers/databases';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export default async function reapDatabases(): Promise<void> {
  for (const dialect of ['postgres', 'mysql'] as ServerDialect[]) {
    let names: string[];
    try {
      names = await listServerDatabases(dialect);
    } catch {
      continue;
    }
    for (const name of names) {
      const [, pid, host] = DATABASE_NAME.exec(name) ?? [];
      if (host !== HOST_TAG || alive(Number(pid))) continue;
      await dropServerDatabase(dialect, name).catch(() => undefined);
    }
  }
}
