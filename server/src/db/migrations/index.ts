import type { Migration } from 'kysely';
import * as m0001 from './0001-accounts.js';

/** Every migration, in order. Names are permanent once released. */
export const migrations: Record<string, Migration> = {
  '0001-accounts': m0001,
};
