import { invalidField } from '../../../platform/errors.js';
import type { PaymentProvider, ProviderName } from './provider.js';

/** The providers this site takes payments with, by name. */
export class PaymentProviders {
  private readonly byName = new Map<ProviderName, PaymentProvider>();

  constructor(providers: readonly PaymentProvider[]) {
    for (const provider of providers) this.byName.set(provider.name, provider);
  }

  /** A provider buyers may choose; 400 naming `provider` otherwise. */
  require(name: string): PaymentProvider {
    const provider = this.byName.get(name as ProviderName);
    if (!provider)
      throw invalidField('provider', 'unavailable', `provider must be one of: ${this.names().join(', ')}`);
    return provider;
  }

  find(name: string): PaymentProvider | undefined {
    return this.byName.get(name as ProviderName);
  }

  names(): ProviderName[] {
    return [...this.byName.keys()];
  }
}
