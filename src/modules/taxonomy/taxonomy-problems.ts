import { newsroomMessages } from '../../config/messages/newsroom-language.ts';

/**
 * The words of every refusal of managing sections, tags and authors, in the language of the newsroom request
 * being served; English outside one. A refusal at a field carries the field and leaves its name out of the words.
 */
export const taxonomyProblems = newsroomMessages('taxonomy').problems;
