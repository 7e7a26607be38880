import { newsroomMessages } from './messages/newsroom-language.ts';

/** The newsroom's words for an edition's own pages and its footer links (docs/decisions/018), in the language of the request. */
export const pageAdminStrings = newsroomMessages('pages');
