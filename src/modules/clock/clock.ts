/**
 * Where "now" comes from. Services that decide by the time (publishing, scheduling) take a clock instead of
 * calling `new Date()`, so tests can hold time still and move it on without sleeping.
 */
export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });
