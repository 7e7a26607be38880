import { newsroomMessages } from './messages/newsroom-language.ts';
import type { Messages } from './messages/index.ts';

/** The newsroom's shared words (frame, sign-in, dashboard, people, audit, curation, settings), in the language of the request. */
export const adminStrings = newsroomMessages('newsroom');

export type AdminStrings = Messages['newsroom'];
