import type { Actor } from '../../platform/actor.js';

/**
 * Content that uses uploaded files (a discussion post's images, a check-in's photos, an assignment
 * submission's files) and so lends them its own readers. The files module knows only this
 * interface; each owning module implements it and app.ts passes them in, so files imports none
 * of them.
 */
export interface FileUsage {
  /**
   * Whether some item of this kind that uses the file may be read by the actor. False when none
   * uses it or none is readable; never throws for a refusal (the files module answers 404).
   */
  readableVia(actor: Actor, fileId: string): Promise<boolean>;
}
