import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dialect: 'sqlite' | 'postgres';
    sqliteTemplate: string;
    postgresAdminUrl: string;
    postgresTemplate: string;
  }
}

/**
 * Migrates one template database per run; each test file then gets its own copy
 * (a copied SQLite file, or PostgreSQL's CREATE DATABASE … TEMPLATE), so files are isolated.
 */
export default async function setup(project: TestProject) {
  const dialect = project.config.provide.dialect;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'zhishe-test-'));
    const file = path.join(dir, 'template.db');
    const handle = createDatabase({ databaseUrl: null, sqliteFile: file });
    await migrateToLatest(handle.db);
    await handle.close();
    project.provide('sqliteTemplate', file);
    return () => rmSync(dir, { recursive: true, force: true });
  }

  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is needed for the PostgreSQL test project');
  const template = `zhishe_tpl_${process.pid}`;
  const admin = adminDb(adminUrl);
  await sql`drop database if exists ${sql.id(template)}`.execute(admin);
  await sql`create database ${sql.id(template)}`.execute(admin);
  const handle = createDatabase({ databaseUrl: withDatabase(adminUrl, template), sqliteFile: '' });
  await migrateToLatest(handle.db);
  await handle.close();
  project.provide('postgresAdminUrl', adminUrl);
  project.provide('postgresTemplate', template);
  return async () => {
    await sql`drop database if exists ${sql.id(template)} with (force)`.execute(admin);
    await admin.destroy();
  };
}

export function adminDb(url: string) {
  return new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }),
  });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
