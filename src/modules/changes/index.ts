export { cacheKeys } from './cache-keys.ts';
export { ChangeFeed, toChangeEvent, type ChangeFeedOptions, type ChangeListener } from './change-feed.ts';
export { changeKinds, recordChange, type Change, type ChangeEvent, type ChangeKind } from './change-log.ts';
export { readStoryFace, recordStoryChange, storyChangeKeys, type StoryFace } from './story-face.ts';
