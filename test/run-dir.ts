/** Made by the test run's global setup and removed by its teardown: what suites of one run share on disk. */
export const RUN_DIR_VARIABLE = 'SCR_TEST_RUN_DIR';
