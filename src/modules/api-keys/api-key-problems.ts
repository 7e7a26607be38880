import { newsroomMessages } from '../../config/messages/newsroom-language.ts';

/**
 * The words of every refusal of an API key operation, in the language of the newsroom request being served (the person's
 * chosen language, or their browser's); English for the command line, jobs and the public API.
 */
export const apiKeyProblems = newsroomMessages('newsroom').apiKeyProblems;
