import { newsroomMessages } from '../../config/messages/newsroom-language.ts';

/**
 * The words of every refusal of the audit log's filters, in the language of the newsroom request being served (the person's
 * chosen language, or their browser's); English for the command line, jobs and the public API.
 */
export const auditProblems = newsroomMessages('newsroom').auditProblems;
