import { messagesFor, type Messages } from './messages/index.ts';

/** Why a comment post ended as it did; carried in `?comment=` after a form POST so a cached page can show it. */
export const commentOutcomes = ['published', 'pending', 'closed', 'expired', 'too-fast', 'refused', 'rate-limited', 'name', 'email', 'empty', 'too-long', 'duplicate', 'links', 'parent'] as const;
export type CommentOutcome = (typeof commentOutcomes)[number];

/** Every word the reader site prints that is not content (src/config/messages/, the `reader` part). */
export type UiStrings = Messages['reader'];
export type CommentStrings = UiStrings['commenting'];

/** The strings for a language tag such as `fa-IR`; English where a language has none, or lacks a message. */
export function uiStringsFor(language: string): UiStrings {
  return messagesFor(language).reader;
}
