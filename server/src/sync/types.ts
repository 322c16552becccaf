export interface ItemError {
  /** Where the item sits in the message, e.g. `messageContent.events[3].start`. */
  path: string;
  reason: string;
}

export interface HandlerResult {
  itemsProcessed: number;
  itemsFailed: number;
  /** Every problem of the failed items; an item can have several. */
  itemErrors: ItemError[];
}

export interface HandlerContext {
  /** The receipt sequence of the message being applied. */
  sequence: number;
  receivedAt: Date;
  /** Records how many of the message's items are done, for the history while a large message runs. */
  reportProgress(done: number): Promise<void>;
}

export type MessageHandler = (content: unknown, context: HandlerContext) => Promise<HandlerResult>;

/** A message that no retry can fix (its envelope does not match the contract): it fails at once. */
export class PermanentMessageError extends Error {
  override name = 'PermanentMessageError';
}
