import { newsroomMessages } from '../../config/messages/newsroom-language.ts';

/**
 * The words of every refusal of a curation change (the lead, the Featured Stories, pinned related stories), in
 * the language of the newsroom request being served (the person's chosen language, or their browser's); English
 * for the command line, jobs and the public API.
 */
export const curationProblems = newsroomMessages('newsroom').curationProblems;
