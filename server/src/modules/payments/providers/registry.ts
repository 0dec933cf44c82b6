import { invalidField } from '../../../platform/errors.js';
import type { PaymentProvider, ProviderName } from './provider.js';

/** Where a provider's keys came from, most specific first. */
export type ProviderOrigin = 'community' | 'site' | 'env' | 'built-in';

/** A saved set of keys as the registry sees it: enough to tell whether its instance is current. */
export interface SavedKeysRow {
  id: string;
  scope: string;
  provider: ProviderName;
  key_version: number;
  updated_at: number;
}

/** Where saved keys live (the payment_credentials table); opening may throw when SECRET changed. */
export interface SavedKeysSource {
  /** The site's rows and, given a community, that community's rows. */
  rowsFor(communityId: string | null): Promise<SavedKeysRow[]>;
  open(row: SavedKeysRow): Promise<Record<string, string>>;
}

/** Builds an adapter from saved keys; `notifyUrl` is where its notifications must be posted. */
export type ProviderFactory = (
  provider: ProviderName,
  keys: Record<string, string>,
  notifyUrl: string,
) => PaymentProvider;

const ORDER: ProviderName[] = ['test', 'manual', 'stripe', 'alipay', 'wechatpay'];

/** The providers that apply to one community (or to the site), each with its origin. */
export class ProviderSet {
  constructor(
    private readonly byName: Map<ProviderName, { provider: PaymentProvider; origin: ProviderOrigin }>,
    private readonly publicUrl: string,
    readonly communityId: string | null,
  ) {}

  /** A provider buyers may choose; 400 naming `provider` otherwise. */
  require(name: string): PaymentProvider {
    const provider = this.find(name);
    if (!provider)
      throw invalidField('provider', 'unavailable', `provider must be one of: ${this.names().join(', ')}`);
    return provider;
  }

  find(name: string): PaymentProvider | undefined {
    return this.byName.get(name as ProviderName)?.provider;
  }

  names(): ProviderName[] {
    return ORDER.filter((name) => this.byName.has(name));
  }

  originOf(name: string): ProviderOrigin | null {
    return this.byName.get(name as ProviderName)?.origin ?? null;
  }

  /** A community's own keys are verified on its own path; everything else on the site's. */
  notifyUrl(name: string): string {
    return this.originOf(name) === 'community' && this.communityId
      ? communityWebhookUrl(this.publicUrl, name, this.communityId)
      : `${this.publicUrl}/api/webhooks/${name}`;
  }
}

export const communityWebhookUrl = (publicUrl: string, provider: string, communityId: string) =>
  `${publicUrl}/api/webhooks/${provider}/${communityId}`;

interface Cached {
  stamp: string;
  provider: PaymentProvider | null;
}

/**
 * The providers this site takes payments with. Resolution per community: keys the operator saved
 * for that community, else keys saved for the site, else keys from the environment; test and
 * manual are built in. Saved keys are read from the database on each resolution (one indexed
 * query, so a save in any process takes effect everywhere at once); the adapter built from them
 * is cached until the row changes.
 */
export class PaymentProviders {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly options: {
      publicUrl: string;
      builtIn: readonly PaymentProvider[];
      /** From the environment (and adapters injected by tests). */
      fromEnv: readonly PaymentProvider[];
      saved?: SavedKeysSource;
      build?: ProviderFactory;
      onUnreadable?: (row: SavedKeysRow, error: unknown) => void;
    },
  ) {}

  forSite(): Promise<ProviderSet> {
    return this.resolve(null);
  }

  forCommunity(communityId: string): Promise<ProviderSet> {
    return this.resolve(communityId);
  }

  /** Drops the adapter built from a row (saved again or deleted in this process). */
  forget(rowId: string): void {
    this.cache.delete(rowId);
  }

  private async resolve(communityId: string | null): Promise<ProviderSet> {
    const { publicUrl, builtIn, fromEnv, saved } = this.options;
    const byName = new Map<ProviderName, { provider: PaymentProvider; origin: ProviderOrigin }>();
    for (const provider of builtIn) byName.set(provider.name, { provider, origin: 'built-in' });
    for (const provider of fromEnv) byName.set(provider.name, { provider, origin: 'env' });
    if (saved) {
      const rows = await saved.rowsFor(communityId);
      // Site rows first, so a community's own keys replace them.
      rows.sort((a, b) => Number(a.scope !== 'site') - Number(b.scope !== 'site'));
      for (const row of rows) {
        const origin: ProviderOrigin = row.scope === 'site' ? 'site' : 'community';
        const notifyUrl =
          origin === 'community' && communityId
            ? communityWebhookUrl(publicUrl, row.provider, communityId)
            : `${publicUrl}/api/webhooks/${row.provider}`;
        const provider = await this.adapterFor(row, notifyUrl);
        // Keys that no longer open leave the provider off here rather than silently paying
        // into the account of a less specific scope.
        if (provider) byName.set(row.provider, { provider, origin });
        else byName.delete(row.provider);
      }
    }
    return new ProviderSet(byName, publicUrl, communityId);
  }

  private async adapterFor(row: SavedKeysRow, notifyUrl: string): Promise<PaymentProvider | null> {
    const stamp = `${row.updated_at}:${row.key_version}`;
    const cached = this.cache.get(row.id);
    if (cached?.stamp === stamp) return cached.provider;
    const { saved, build } = this.options;
    let provider: PaymentProvider | null = null;
    try {
      if (saved && build) provider = build(row.provider, await saved.open(row), notifyUrl);
    } catch (error) {
      this.options.onUnreadable?.(row, error);
    }
    this.cache.set(row.id, { stamp, provider });
    return provider;
  }
}
