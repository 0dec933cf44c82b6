import type { Actor } from '../../platform/actor.js';
import { canAuthor, type Decision, seesEverything, type Viewer } from '../access/access.rules.js';
import type { FileKind } from './files.schemas.js';

/** Pure: who may upload, and who may read a file that no lesson or public asset uses. */

/** Uploading into a community is authoring for it (owner, moderators, contributors, operator). */
export const canUploadTo = (viewer: Viewer): boolean => canAuthor(viewer);

/** Outside a community only images go up (avatars, covers of communities not created yet). */
export const kindAllowedWithoutCommunity = (kind: FileKind): boolean => kind === 'image';

export interface PrivateFileFacts {
  uploaderId: string;
  /** The viewer in the file's community, when it has one. */
  communityViewer: Viewer | null;
}

/** A file nothing publishes yet: its uploader, the staff of its community, operators. */
export function canReadPrivateFile(actor: Actor, file: PrivateFileFacts): boolean {
  if (actor.kind !== 'user') return false;
  if (actor.user.role === 'operator' || actor.user.id === file.uploaderId) return true;
  return file.communityViewer !== null && seesEverything(file.communityViewer);
}

/**
 * A file several lessons share is open when any of them is open. Otherwise the refusal the
 * viewer learns most from: a 403 (they may know the lesson exists) over a 404.
 */
export function pickLessonDecision<T extends { decision: Decision }>(checks: readonly T[]): T | null {
  const allowed = checks.find((c) => c.decision.allow);
  if (allowed) return allowed;
  return checks.find((c) => !c.decision.allow && c.decision.status === 403) ?? checks[0] ?? null;
}
