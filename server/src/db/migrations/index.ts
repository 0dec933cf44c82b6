import type { Migration } from 'kysely';
import * as m0001 from './0001-accounts.js';
import * as m0002 from './0002-communities-content.js';
import * as m0003 from './0003-course-structure-version.js';
import * as m0004 from './0004-payments.js';
import * as m0005 from './0005-payment-credentials.js';
import * as m0006 from './0006-referrals-gifts.js';
import * as m0007 from './0007-lesson-body-revision.js';
import * as m0008 from './0008-discussions.js';
import * as m0009 from './0009-search.js';
import * as m0010 from './0010-notifications.js';
import * as m0011 from './0011-activities.js';
import * as m0012 from './0012-order-settlement.js';
import * as m0013 from './0013-activity-files.js';
import * as m0014 from './0014-paid-questions-tips.js';
import * as m0015 from './0015-search-post-state.js';

/** Every migration, in order. Names are permanent once released. */
export const migrations: Record<string, Migration> = {
  '0001-accounts': m0001,
  '0002-communities-content': m0002,
  '0003-course-structure-version': m0003,
  '0004-payments': m0004,
  '0005-payment-credentials': m0005,
  '0006-referrals-gifts': m0006,
  '0007-lesson-body-revision': m0007,
  '0008-discussions': m0008,
  '0009-search': m0009,
  '0010-notifications': m0010,
  '0011-activities': m0011,
  '0012-order-settlement': m0012,
  '0013-activity-files': m0013,
  '0014-paid-questions-tips': m0014,
  '0015-search-post-state': m0015,
};
