/** A story that cannot be stored as given; `field` names what to fix. */
export class StoryValidationError extends Error {
  readonly code = 'STORY_INVALID';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
