import { newsroomMessages } from './messages/newsroom-language.ts';

/** The newsroom's picture library, in the language of the request. */
export const mediaAdminStrings = newsroomMessages('media');
