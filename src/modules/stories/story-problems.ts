import { newsroomMessages } from '../../config/messages/newsroom-language.ts';

/**
 * The words of every refusal of a story and its workflow, in the language of the newsroom request being served
 * (the person's chosen language); English for the command line, imports and jobs.
 */
export const storyProblems = newsroomMessages('stories').problems;
