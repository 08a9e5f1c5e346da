import config, { defaultConfig, DEFAULT_BATCH_SIZE, workerBatchSize } from '../../server/src/config';

describe('plugin config validator', () => {
  test('the defaults and a full valid config pass', () => {
    expect(() => config.validator(defaultConfig)).not.toThrow();
    expect(() =>
      config.validator({ ticker: { enabled: false, expression: '*/5 * * * *' }, worker: { enabled: true, leaseMs: 60000 }, import: { chunkSize: 50 } })
    ).not.toThrow();
    expect(() => config.validator({ documents: { renderThreads: 0 } })).not.toThrow();
    expect(() => config.validator({ documents: { renderThreads: 4 } })).not.toThrow();
    expect(() => config.validator({ exports: { pageSize: 7 } })).not.toThrow();
  });

  test.each([
    [null, /must be an object/],
    [{ ticker: 'on' }, /ticker must be an object/],
    [{ ticker: { enabled: 'yes' } }, /ticker\.enabled must be a boolean/],
    [{ ticker: { expression: 5 } }, /ticker\.expression/],
    [{ ticker: { expression: 'every minute' } }, /ticker\.expression must be a valid cron expression/],
    [{ worker: { leaseMs: 0 } }, /worker\.leaseMs must be a positive integer/],
    [{ worker: { batchSize: 1.5 } }, /worker\.batchSize must be a positive integer/],
    [{ worker: [] }, /worker must be an object/],
    [{ documents: 1 }, /documents must be an object/],
    [{ documents: { renderThreads: -1 } }, /documents\.renderThreads must be an integer from 0 to 32/],
    [{ documents: { renderThreads: 1.5 } }, /documents\.renderThreads must be an integer from 0 to 32/],
    [{ documents: { renderThreads: '2' } }, /documents\.renderThreads must be an integer from 0 to 32/],
    [{ import: 'big' }, /import must be an object/],
    [{ import: { chunkSize: 0 } }, /import\.chunkSize must be a positive integer/],
    [{ exports: [] }, /exports must be an object/],
    [{ exports: { pageSize: 0 } }, /exports\.pageSize must be an integer from 1 to 100000/],
    [{ exports: { pageSize: 2.5 } }, /exports\.pageSize must be an integer from 1 to 100000/],
  ])('%j is refused with a message naming the key', (value, message) => {
    expect(() => config.validator(value)).toThrow(message);
  });
});

describe('the worker batch size', () => {
  test('unset: 500 contract lines', () => {
    expect(defaultConfig.worker.batchSize).toBeUndefined();
    expect(DEFAULT_BATCH_SIZE).toBe(500);
    expect(workerBatchSize(defaultConfig.worker)).toBe(500);
    expect(workerBatchSize(undefined)).toBe(500);
    expect(workerBatchSize({ batchSize: undefined })).toBe(500);
  });

  test('a configured size wins', () => {
    expect(workerBatchSize({ batchSize: 1234 })).toBe(1234);
  });
});
