import { defineConfig } from 'vitest/config';

// The database suite runs once per dialect: always on SQLite, and on PostgreSQL when
// TEST_DATABASE_URL points at a server (scripts/test.mjs insists on it under CI).
const postgresUrl = process.env.TEST_DATABASE_URL;

const dbProject = (dialect: 'sqlite' | 'postgres') => ({
  test: {
    name: `server-${dialect}`,
    include: ['server/**/*.db.test.ts'],
    environment: 'node',
    globalSetup: ['server/test/global-setup.ts'],
    provide: { dialect },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'web/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['server/**/*.db.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      dbProject('sqlite'),
      ...(postgresUrl ? [dbProject('postgres')] : []),
    ],
  },
});
