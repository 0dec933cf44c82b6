import type { Actor } from '../../platform/actor.js';

export type OperatorAction = 'operator:read-mail-log';

export function can(actor: Actor, action: OperatorAction): boolean {
  switch (action) {
    case 'operator:read-mail-log':
      return actor.kind === 'user' && actor.user.role === 'operator';
  }
}
