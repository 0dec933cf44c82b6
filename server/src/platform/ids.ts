import { uuidv7 } from 'uuidv7';

/** Time-ordered ids made in the application: portable across dialects, usable as keyset cursors. */
export const newId = (): string => uuidv7();
