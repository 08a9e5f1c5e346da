/** setupFiles of the `integration` and `e2e` projects: SQLite, whatever INVOICING_TEST_DB the shell has. */
process.env.INVOICING_TEST_DB = 'sqlite';
