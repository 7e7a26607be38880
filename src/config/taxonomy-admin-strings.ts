import { newsroomMessages } from './messages/newsroom-language.ts';

/** The newsroom's pages for sections, tags and authors, in the language of the request. */
export const taxonomyAdminStrings = newsroomMessages('taxonomy');
