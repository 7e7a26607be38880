import { newsroomMessages } from './messages/newsroom-language.ts';

/** The newsroom's words for comment moderation and comment settings, in the language of the request. */
export const commentAdminStrings = newsroomMessages('comments');
