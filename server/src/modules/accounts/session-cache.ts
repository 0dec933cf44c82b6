import type { SignedInUser } from '../../platform/actor.js';

export interface CachedSession {
  sessionId: string;
  user: SignedInUser;
  lastSeenAt: number;
  expiresAt: number;
  cachedAt: number;
}

/**
 * Session lookups by token hash, kept in memory so a signed-in request costs no query.
 * Entries live at most `ttlMs`, which bounds staleness if an invalidation is ever missed;
 * logouts and user changes invalidate at once through the event bus, in every process.
 */
export class SessionCache {
  private readonly byHash = new Map<string, CachedSession>();
  private readonly hashesByUser = new Map<string, Set<string>>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 50_000,
  ) {}

  get(tokenHash: string, now: number): CachedSession | undefined {
    const entry = this.byHash.get(tokenHash);
    if (!entry) return undefined;
    if (entry.cachedAt + this.ttlMs <= now || entry.expiresAt <= now) {
      this.forgetHash(tokenHash);
      return undefined;
    }
    return entry;
  }

  set(tokenHash: string, entry: CachedSession): void {
    if (!this.byHash.has(tokenHash) && this.byHash.size >= this.maxEntries) {
      const oldest = this.byHash.keys().next().value;
      if (oldest !== undefined) this.forgetHash(oldest);
    }
    this.byHash.set(tokenHash, entry);
    let hashes = this.hashesByUser.get(entry.user.id);
    if (!hashes) {
      hashes = new Set();
      this.hashesByUser.set(entry.user.id, hashes);
    }
    hashes.add(tokenHash);
  }

  forgetHash(tokenHash: string): void {
    const entry = this.byHash.get(tokenHash);
    if (!entry) return;
    this.byHash.delete(tokenHash);
    const hashes = this.hashesByUser.get(entry.user.id);
    hashes?.delete(tokenHash);
    if (hashes?.size === 0) this.hashesByUser.delete(entry.user.id);
  }

  forgetUser(userId: string): void {
    for (const hash of this.hashesByUser.get(userId) ?? []) this.byHash.delete(hash);
    this.hashesByUser.delete(userId);
  }

  get size(): number {
    return this.byHash.size;
  }
}
