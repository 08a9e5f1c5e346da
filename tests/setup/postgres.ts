/** setupFiles of the `integration-postgres` and `cluster` projects: their tests run on PostgreSQL. */
process.env.INVOICING_TEST_DB = 'postgres';
