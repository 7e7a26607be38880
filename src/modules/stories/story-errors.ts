import { DatelineError } from '../../errors/dateline-error.ts';

/** A story that cannot be stored as given; `field` names what to fix. */
export class StoryValidationError extends DatelineError {
  declare readonly code: 'STORY_INVALID';
  constructor(
    override readonly field: string,
    message: string,
  ) {
    super('STORY_INVALID', `${field}: ${message}`, { field });
  }
}
