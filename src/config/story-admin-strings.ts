import { newsroomMessages } from './messages/newsroom-language.ts';
import type { Messages } from './messages/index.ts';

/** Every word of the newsroom's story pages (list, editor, revisions, preview) and of the editor's script, in the language of the request. */
export const storyAdminStrings = newsroomMessages('stories');

export type EditorStrings = Messages['stories']['editor'];
