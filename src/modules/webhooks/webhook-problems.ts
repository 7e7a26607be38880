import { newsroomMessages } from '../../config/messages/newsroom-language.ts';

/**
 * The words of every refusal of a webhook operation, in the language of the newsroom request being served (the person's
 * chosen language, or their browser's); English for the command line, jobs and the public API.
 */
export const webhookProblems = newsroomMessages('newsroom').webhookProblems;
