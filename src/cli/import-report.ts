import type { PostOutcome } from '../modules/import/import-posts.ts';
import type { StaffOutcome } from '../modules/import/import-staff.ts';
import type { ImportSummary } from '../modules/import/import-wordpress.ts';

export interface ReportStreams {
  out: (line: string) => void;
  err: (line: string) => void;
  /** A terminal: a progress bar redrawn in place on it; otherwise a plain progress line every few seconds. */
  terminal?: { write: (text: string) => void; columns: number };
}

/**
 * What an import says while it runs: one line per post that came in, was left out or failed (the post by
 * name, then what happened), a progress bar (or progress lines), and the summary at the end.
 */
export class ImportReport {
  private total = 0;
  private done = 0;
  private readonly startedAt = Date.now();
  private lastProgressAt = Date.now();
  private isBarShown = false;

  constructor(
    private readonly streams: ReportStreams,
    private readonly isDryRun: boolean,
  ) {}

  start(total: number): void {
    this.total = total;
    this.streams.err(`dateline: ${total} posts to read${this.isDryRun ? ' (dry run: nothing is stored)' : ''}`);
    this.drawBar();
  }

  post(outcome: PostOutcome): void {
    this.done++;
    for (const line of linesOf(outcome, this.isDryRun)) this.say(line.isError ? this.streams.err : this.streams.out, line.text);
    const now = Date.now();
    if (this.streams.terminal) {
      if (now - this.lastProgressAt >= 100 || this.done === this.total) this.drawBar();
    } else if (now - this.lastProgressAt >= 2000 && this.done < this.total) {
      this.lastProgressAt = now;
      this.streams.err(`dateline: ${this.done} of ${this.total} posts done, ${this.rate(now).toFixed(1)} per second`);
    }
  }

  /** One line per author `--create-staff` made an account for, linked to one, or could not. */
  staff(outcome: StaffOutcome): void {
    if (outcome.kind === 'no-account') {
      this.say(this.streams.err, `author “${outcome.name}”: no staff account: ${outcome.reason}`);
      return;
    }
    const would = outcome.isDryRun ? 'would be ' : '';
    const what =
      outcome.kind === 'created'
        ? `staff account ${would}made (role author, no password yet: reset its password to let them sign in)`
        : `already has an account: ${would}linked to their byline, not changed`;
    const byline = !outcome.isDryRun && !outcome.isBylineLinked ? '; their byline was already linked to another account and was left as it is' : '';
    this.say(this.streams.out, `author “${outcome.name}” <${outcome.email}>: ${what}${byline}`);
  }

  finish(file: string, summary: ImportSummary): void {
    this.clearBar();
    const would = this.isDryRun ? 'would be ' : '';
    const stored = summary.created + summary.updated;
    const perSecond = summary.seconds > 0 ? stored / summary.seconds : 0;
    this.streams.out(
      `${file}: ${summary.created} ${would}imported, ${summary.updated} ${would}updated, ${summary.unchanged} unchanged, ${summary.skipped} skipped, ` +
        `${summary.leftAlone} left alone, ${summary.failed} failed; ${summary.pictures} pictures, ${summary.missingPictures} not brought in; ` +
        `${summary.comments} comments; ${summary.staffAccounts > 0 ? `${summary.staffAccounts} staff accounts ${would}made; ` : ''}${summary.seconds.toFixed(1)} s (${perSecond.toFixed(1)} stories per second)`,
    );
  }

  private say(write: (line: string) => void, text: string): void {
    this.clearBar();
    write(text);
  }

  private rate(now: number): number {
    const seconds = (now - this.startedAt) / 1000;
    return seconds > 0 ? this.done / seconds : 0;
  }

  private drawBar(): void {
    const terminal = this.streams.terminal;
    if (!terminal || this.total === 0) return;
    this.lastProgressAt = Date.now();
    const label = ` ${this.done}/${this.total} posts · ${this.rate(this.lastProgressAt).toFixed(1)}/s`;
    const width = Math.max(10, Math.min(40, terminal.columns - label.length - 3));
    const filled = Math.round((this.done / this.total) * width);
    terminal.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${label}\u001b[K`);
    this.isBarShown = true;
  }

  private clearBar(): void {
    if (!this.isBarShown || !this.streams.terminal) return;
    this.streams.terminal.write('\r\u001b[K');
    this.isBarShown = false;
  }
}

function linesOf(outcome: PostOutcome, isDryRun: boolean): Array<{ text: string; isError: boolean }> {
  if (!outcome.ok) {
    const what = outcome.kind === 'skipped' ? 'skipped' : outcome.kind === 'left-alone' ? 'left alone' : 'failed';
    return [{ text: `${outcome.name}: ${what}: ${outcome.reason}`, isError: outcome.kind !== 'skipped' }];
  }
  if (outcome.change === 'unchanged') return [];
  const notes = outcome.notes.length > 0 ? `; ${outcome.notes.join('; ')}` : '';
  const counts = `${outcome.pictures} pictures, ${outcome.comments} comments`;
  const head = isDryRun
    ? `${outcome.name}: would be ${outcome.change === 'created' ? 'imported' : `updated (story ${outcome.code})`} (${counts})${notes}`
    : `${outcome.name}: ${outcome.change === 'created' ? 'imported as' : 'updated'} story ${outcome.code} at ${outcome.url} (${counts})${notes}`;
  return [
    { text: head, isError: false },
    ...outcome.missingPictures.map((p) => ({ text: `${outcome.name}: picture ${p.url} ${isDryRun ? 'cannot be brought in' : 'not brought in'}: ${p.reason}; the story shows it from its old address`, isError: true })),
  ];
}
