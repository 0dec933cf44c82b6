import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Order } from './types';

/** Where the buyer goes once the order exists: the provider's page, or the order's own page. */
export function nextStepOf(order: Order): string {
  const action = order.paymentAction;
  if (action?.kind === 'redirect') return action.url;
  return `/orders/${order.id}`;
}

/** Sends the buyer on to pay a new order: an in-app path by the router, a provider's page by the browser. */
export function useFollowPayment(): (order: Order) => void {
  const navigate = useNavigate();
  return (order) => {
    const next = nextStepOf(order);
    if (next.startsWith('/')) navigate(next);
    else window.location.assign(next);
  };
}

/**
 * Starting a payment for anything that answers with an order (a plan, a question, a tip): one
 * Idempotency-Key per attempt, so a double click or a retry makes one order, then on to pay it.
 * Call `newAttempt` when the buyer changes what they are paying for.
 */
export function useStartPayment<Input>(create: (input: Input, idempotencyKey: string) => Promise<Order>) {
  const follow = useFollowPayment();
  const [attemptKey, setAttemptKey] = useState(() => crypto.randomUUID());
  // A second click before React re-renders the disabled button would send the buyer to the
  // payment page twice (the second navigation aborting the first): one request per attempt.
  const started = useRef(false);
  const mutation = useMutation({
    mutationFn: (input: Input) => create(input, attemptKey),
    onSuccess: follow,
    onError: () => {
      started.current = false;
    },
  });
  return {
    pay: (input: Input) => {
      if (started.current) return;
      started.current = true;
      mutation.mutate(input);
    },
    newAttempt: () => {
      started.current = false;
      setAttemptKey(crypto.randomUUID());
      mutation.reset();
    },
    /** Pending, and also after success while the browser leaves for the payment page. */
    busy: mutation.isPending || mutation.isSuccess,
    error: mutation.isError ? mutation.error : null,
  };
}
