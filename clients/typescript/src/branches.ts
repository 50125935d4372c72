import type { Message } from './events.js';

/** Where a message stands among its siblings (PROTOCOL.md §10): what a ‹ 2/3 › control shows and switches to. */
export interface SiblingPosition {
  /** 1-based, as shown: 2 in "2/3". */
  index: number;
  count: number;
  previousId?: string;
  nextId?: string;
}

/** The message's place among its siblings; undefined when it has none (nothing to switch to). */
export function siblingPosition(message: Pick<Message, 'id' | 'siblingIds'>): SiblingPosition | undefined {
  const siblings = message.siblingIds ?? [];
  const at = siblings.indexOf(message.id);
  if (siblings.length < 2 || at < 0) return undefined;
  return { index: at + 1, count: siblings.length, previousId: siblings[at - 1], nextId: siblings[at + 1] };
}
