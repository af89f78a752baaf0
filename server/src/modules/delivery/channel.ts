/**
 * A delivery channel: hands one message to something outside (a log, a webhook, a push service)
 * and says how it went. `ok`; `retryable` (nothing was delivered, or delivering again is safe);
 * `permanent` (retrying cannot help). `idempotent`: the receiver recognises the message id, so a
 * send interrupted by a crash may be made again without a second delivery.
 */
export interface Content {
  /** The outbound message's id: the idempotency key passed to the receiver. */
  id: string;
  text: string;
  phone: string | null;
  accountId: string | null;
}

export type SendResult = ({ ok: true } | { ok: false; retryable: boolean; reason: string }) & {
  /** Push subscriptions the service says are gone: removed when the result is recorded. */
  gone?: string[];
};

export interface Channel {
  readonly name: string;
  readonly idempotent: boolean;
  send(message: Content): Promise<SendResult>;
}

export const ok: SendResult = { ok: true };
export const retryable = (reason: string): SendResult => ({ ok: false, retryable: true, reason });
export const permanent = (reason: string): SendResult => ({ ok: false, retryable: false, reason });
