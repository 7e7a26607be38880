import { newsroomMessages } from '../../config/messages/newsroom-language.ts';

/**
 * The words of every refusal of an account operation, in the language of the newsroom request being served
 * (the person's chosen language, or before sign-in their browser's); English for the command line.
 */
export const accountProblems = newsroomMessages('newsroom').accountProblems;
