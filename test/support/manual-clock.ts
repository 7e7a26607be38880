import type { Clock } from '../../src/modules/clock/clock.ts';

/**
 * A clock that stands still until the test moves it: scheduling is tested by moving time, never by sleeping.
 * @example const clock = new ManualClock('2025-03-14T09:00:00.000Z'); clock.advance({ minutes: 1 });
 */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: string | Date = '2025-03-14T09:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: string | Date): void {
    this.current = new Date(instant).getTime();
  }

  advance({ hours = 0, minutes = 0, seconds = 0 }: { hours?: number; minutes?: number; seconds?: number }): Date {
    this.current += ((hours * 60 + minutes) * 60 + seconds) * 1000;
    return this.now();
  }
}
