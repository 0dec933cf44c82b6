/**
 * What happens when an order for something other than a plan is paid or refunded. The module that
 * sells the item (paid questions, tips) registers its handler; payments knows only the item kind.
 * Handlers run from the outbox after the payment's transaction commits, at least once: each must
 * be idempotent.
 */
import type { OrderItemKind, OrdersTable } from '../../db/schema.js';

export interface OrderRefunded {
  refundId: string;
  actorId: string | null;
  reason: string;
}

export interface OrderItemHandler {
  paid(order: OrdersTable): Promise<void>;
  /** The whole order was refunded. */
  refunded(order: OrdersTable, refund: OrderRefunded): Promise<void>;
}

export class OrderItemHandlers {
  private readonly handlers = new Map<OrderItemKind, OrderItemHandler>();

  register(kind: Exclude<OrderItemKind, 'plan'>, handler: OrderItemHandler): void {
    if (this.handlers.has(kind)) throw new Error(`order item ${kind} already has a handler`);
    this.handlers.set(kind, handler);
  }

  get(kind: OrderItemKind): OrderItemHandler | undefined {
    return this.handlers.get(kind);
  }
}
