import type { SignedInUser } from '../../platform/actor.js';
import { hashToken } from '../../platform/tokens.js';

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
  /** Raw token → its hash: SHA-256 on every signed-in request was a measurable share of a read. */
  private readonly hashByToken = new Map<string, string>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 50_000,
  ) {}

  /** `hashToken(token)`, remembered (a pure function of the token, so never stale). */
  hashOf(token: string): string {
    let hash = this.hashByToken.get(token);
    if (hash === undefined) {
      hash = hashToken(token);
      if (this.hashByToken.size >= this.maxEntries) this.hashByToken.clear();
      this.hashByToken.set(token, hash);
    }
    return hash;
  }

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
