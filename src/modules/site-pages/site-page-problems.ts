import { newsroomMessages } from '../../config/messages/newsroom-language.ts';

/**
 * The newsroom's words for an edition's pages, for the refusals of managing them and the footer (`problems`, and
 * `notFound`, which the pages' list and editor say too), in the language of the newsroom request being served;
 * English outside one. A refusal at a field carries the field and leaves its name out of the words.
 */
export const sitePageWords = newsroomMessages('pages');
