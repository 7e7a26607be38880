import { newsroomMessages } from '../../config/messages/newsroom-language.ts';

/**
 * The words of the refusals of moderating comments and changing their settings, in the language of the newsroom
 * request being served; English outside one. A reader's comment form answers in its edition's words, from the code.
 */
export const commentProblems = newsroomMessages('comments').problems;
