import { newsroomList, newsroomMessages } from '../../config/messages/newsroom-language.ts';

/**
 * The words of every refusal of the picture library, in the language of the newsroom request being served;
 * English for the command line, importers and jobs.
 */
export const mediaProblems = newsroomMessages('media').problems;

/** How many stories a refusal names before it says how many others there are. */
const STORIES_NAMED = 5;

/**
 * The stories still showing a picture, as one list in the newsroom's language: “Ferry Keeps Its Timetable” (en),
 * “Harbour Reopens” (en) and 3 others.
 */
export function storiesList(stories: readonly { headline: string; editionCode: string }[]): string {
  const names = stories.slice(0, STORIES_NAMED).map((story) => mediaProblems.storyName(story.headline, story.editionCode));
  if (stories.length > STORIES_NAMED) names.push(mediaProblems.otherStories(stories.length - STORIES_NAMED));
  return newsroomList(names, 'conjunction');
}
