import { DatelineError } from '../../errors/dateline-error.ts';

/** A story that cannot be stored as given; `field` names what to fix, the message says it as a whole sentence. */
export class StoryValidationError extends DatelineError {
  declare readonly code: 'STORY_INVALID';
  constructor(
    override readonly field: string,
    message: string,
  ) {
    super('STORY_INVALID', message, { field });
  }
}
