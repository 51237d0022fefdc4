/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  testTimeout: 30000,
  // The Redis takeover test kills a replica's connections mid-job on purpose; the dead replica's
  // BullMQ worker keeps a reconnect timer that nothing can stop. Exit when the tests are done rather
  // than wait for it (CI would hang).
  forceExit: true,
};
