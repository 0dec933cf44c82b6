import type { Actor } from '../../platform/actor.js';

export type AccountAction =
  | 'account:read-self'
  | 'account:update-self'
  | 'account:manage-sessions'
  | 'account:read-mail-log';

/** Pure: who may do what with accounts. Services call it first; routes never decide. */
export function can(actor: Actor, action: AccountAction): boolean {
  if (actor.kind !== 'user') return false;
  switch (action) {
    case 'account:read-self':
    case 'account:update-self':
    case 'account:manage-sessions':
      return true;
    case 'account:read-mail-log':
      return actor.user.role === 'operator';
  }
}
