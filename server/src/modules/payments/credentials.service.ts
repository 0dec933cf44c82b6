/**
 * Provider keys the operator saves for the site or for one community: checked, sealed with a key
 * derived from SECRET, audited, and never sent back (only which fields are set).
 */
import type { Kysely } from 'kysely';
import type { PaymentKeys } from '../../config.js';
import type { CommunitiesTable, DB } from '../../db/schema.js';
import type { Actor, UserActor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { forbidden, invalidField, notFound, unauthenticated } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import * as cq from '../communities/communities.queries.js';
import { CredentialsCipher, credentialsAad } from './credentials.crypto.js';
import {
  isKeyedProvider,
  KEYED_PROVIDERS,
  type KeyedProvider,
  mergeAndCheck,
  summarize,
} from './credentials.fields.js';
import * as q from './credentials.queries.js';
import type {
  CommunityProvidersDto,
  ProviderKeysStatusDto,
  SaveKeysInput,
  SiteProvidersDto,
} from './credentials.schemas.js';
import type { ProviderName } from './providers/provider.js';
import {
  communityWebhookUrl,
  type PaymentProviders,
  type ProviderSet,
  type SavedKeysRow,
  type SavedKeysSource,
} from './providers/registry.js';

/** The sealed rows in the database, opened with the key derived from SECRET. */
export class SavedCredentials implements SavedKeysSource {
  private readonly cipher: CredentialsCipher;

  constructor(
    private readonly db: Kysely<DB>,
    secret: string,
  ) {
    this.cipher = new CredentialsCipher(secret);
  }

  async rowsFor(communityId: string | null): Promise<SavedKeysRow[]> {
    const rows = await q.listCredentialMeta(this.db, communityId);
    return rows.map((r) => ({ ...r, key_version: Number(r.key_version), updated_at: Number(r.updated_at) }));
  }

  async open(row: SavedKeysRow): Promise<Record<string, string>> {
    const full = await q.findCredentialById(this.db, row.id);
    if (!full) throw new Error(`payment credentials ${row.id} are gone`);
    return this.openRow(full);
  }

  openRow(row: { sealed: string; key_version: number; scope: string; provider: string }) {
    return this.cipher.open(
      { ...row, key_version: Number(row.key_version) },
      credentialsAad(row.scope, row.provider),
    );
  }

  seal(scope: string, provider: KeyedProvider, keys: Record<string, string>) {
    return this.cipher.seal(keys, credentialsAad(scope, provider));
  }
}

export interface CredentialsDeps {
  db: Kysely<DB>;
  clock: Clock;
  publicUrl: string;
  testPayments: boolean;
  envKeys: PaymentKeys;
}

const requireOperator = (actor: Actor): UserActor => {
  if (actor.kind !== 'user') throw unauthenticated();
  if (actor.user.role !== 'operator')
    throw forbidden('forbidden', 'Only an operator manages payment provider keys.');
  return actor;
};

export class CredentialsService {
  constructor(
    private readonly deps: CredentialsDeps,
    private readonly saved: SavedCredentials,
    private readonly providers: PaymentProviders,
    /** Owner-or-operator check of the payments module. */
    private readonly managesCommunity: (actor: Actor, communityId: string) => Promise<boolean>,
  ) {}

  async siteStatus(actor: Actor): Promise<SiteProvidersDto> {
    requireOperator(actor);
    const resolved = await this.providers.forSite();
    return {
      providers: await this.statusOf(q.SITE_SCOPE, resolved),
      testProvider: resolved.find('test') !== undefined,
    };
  }

  async communityStatus(actor: Actor, idOrSlug: string): Promise<CommunityProvidersDto> {
    requireOperator(actor);
    const community = await this.community(idOrSlug);
    const resolved = await this.providers.forCommunity(community.id);
    return {
      community: { id: community.id, name: community.name, slug: community.slug },
      providers: await this.statusOf(community.id, resolved),
    };
  }

  /** For the owner: which providers their buyers may choose, and whose keys each uses. */
  async enabledFor(actor: Actor, idOrSlug: string) {
    if (actor.kind !== 'user') throw unauthenticated();
    const community = await this.community(idOrSlug);
    if (!(await this.managesCommunity(actor, community.id)))
      throw forbidden('forbidden', 'Only the owner or an operator sees payment settings.');
    const resolved = await this.providers.forCommunity(community.id);
    return {
      providers: resolved.names().map((provider) => ({
        provider,
        origin: resolved.originOf(provider) ?? 'built-in',
      })),
    };
  }

  async saveSite(actor: Actor, provider: string, input: SaveKeysInput) {
    const self = requireOperator(actor);
    await this.save(self, q.SITE_SCOPE, null, provider, input);
    return this.siteStatus(actor);
  }

  async deleteSite(actor: Actor, provider: string) {
    const self = requireOperator(actor);
    await this.remove(self, q.SITE_SCOPE, provider);
    return this.siteStatus(actor);
  }

  async saveCommunity(actor: Actor, idOrSlug: string, provider: string, input: SaveKeysInput) {
    const self = requireOperator(actor);
    const community = await this.community(idOrSlug);
    await this.save(self, community.id, community.id, provider, input);
    return this.communityStatus(actor, community.id);
  }

  async deleteCommunity(actor: Actor, idOrSlug: string, provider: string) {
    const self = requireOperator(actor);
    const community = await this.community(idOrSlug);
    await this.remove(self, community.id, provider);
    return this.communityStatus(actor, community.id);
  }

  async listCommunitiesWithOwnKeys(actor: Actor, page: { limit?: number; cursor?: string }) {
    requireOperator(actor);
    const limit = page.limit ?? 20;
    const rows = await q.listCommunitiesWithOwnKeys(this.deps.db, decodeCursor(page.cursor), limit);
    const byId = new Map<string, { id: string; name: string; slug: string; providers: KeyedProvider[] }>();
    for (const row of rows) {
      const entry = byId.get(row.id) ?? { id: row.id, name: row.name, slug: row.slug, providers: [] };
      entry.providers.push(row.provider);
      byId.set(row.id, entry);
    }
    // At most three rows per community: the first limit + 1 communities arrived whole.
    const items = [...byId.values()];
    const pageItems = items.slice(0, limit);
    const more = items.length > limit;
    const last = pageItems.at(-1);
    return { items: pageItems, nextCursor: more && last ? encodeCursor(last.id) : null };
  }

  // ── helpers ────────────────────────────────────────────────────────────

  private async save(
    self: UserActor,
    scope: string,
    communityId: string | null,
    provider: string,
    input: SaveKeysInput,
  ): Promise<void> {
    if (!isKeyedProvider(provider)) throw invalidField('provider', 'unknown', 'provider takes no keys');
    const { db, clock } = this.deps;
    const given = Object.fromEntries(
      Object.entries(input).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
    ) as Record<string, string>;
    const existing = await q.findCredential(db, scope, provider);
    let previous: Record<string, string> | null = null;
    if (existing) {
      try {
        previous = this.saved.openRow(existing);
      } catch {
        // Sealed under another SECRET: every field must be given again.
        previous = null;
      }
    }
    const checked = mergeAndCheck(provider, given, previous);
    if ('problem' in checked)
      throw invalidField(checked.problem.field, 'invalid_key', checked.problem.message);
    const { sealed, keyVersion } = this.saved.seal(scope, provider, checked.keys);
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      await q.upsertCredential(tx, {
        id: existing?.id ?? newId(),
        scope,
        community_id: communityId,
        provider,
        key_version: keyVersion,
        sealed,
        summary: JSON.stringify(summarize(provider, checked.keys)),
        updated_by: self.user.id,
        updated_at: now,
      });
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: 'payment_keys.saved',
          subjectType: communityId ? 'community' : 'site',
          subjectId: communityId ?? 'site',
          // Names of the fields changed, never their values.
          data: { provider, fields: Object.keys(given).sort(), replaced: existing !== undefined },
          ip: self.ip,
        },
        now,
      );
    });
    if (existing) this.providers.forget(existing.id);
  }

  private async remove(self: UserActor, scope: string, provider: string): Promise<void> {
    const { db, clock } = this.deps;
    const existing = await q.findCredential(db, scope, provider);
    if (!existing) throw notFound('saved keys');
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      await q.deleteCredential(tx, existing.id);
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: 'payment_keys.deleted',
          subjectType: scope === q.SITE_SCOPE ? 'site' : 'community',
          subjectId: scope,
          data: { provider },
          ip: self.ip,
        },
        now,
      );
    });
    this.providers.forget(existing.id);
  }

  private async statusOf(scope: string, resolved: ProviderSet): Promise<ProviderKeysStatusDto[]> {
    const rows = await q.listScopeCredentials(this.deps.db, scope);
    const { publicUrl, envKeys } = this.deps;
    return KEYED_PROVIDERS.map((provider) => {
      const row = rows.find((r) => r.provider === provider);
      let readable = true;
      if (row) {
        try {
          this.saved.openRow(row);
        } catch {
          readable = false;
        }
      }
      return {
        provider,
        saved: row
          ? {
              fields: JSON.parse(row.summary) as ReturnType<typeof summarize>,
              keyVersion: Number(row.key_version),
              readable,
              updatedAt: Number(row.updated_at),
              updatedBy: row.updated_by_name
                ? { id: row.updated_by, displayName: row.updated_by_name }
                : null,
            }
          : null,
        fromEnv: envKeys[provider] !== null,
        active: resolved.originOf(provider as ProviderName),
        webhookUrl:
          scope === q.SITE_SCOPE
            ? `${publicUrl}/api/webhooks/${provider}`
            : communityWebhookUrl(publicUrl, provider, scope),
      };
    });
  }

  private async community(idOrSlug: string): Promise<CommunitiesTable> {
    const { db } = this.deps;
    const community =
      (await cq.findCommunityById(db, idOrSlug)) ?? (await cq.findCommunityBySlug(db, idOrSlug));
    if (!community) throw notFound('community');
    return community;
  }
}
