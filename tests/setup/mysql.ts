/** setupFiles of the `integration-mysql` project: its tests run on MySQL/MariaDB. */
process.env.INVOICING_TEST_DB = 'mysql';
