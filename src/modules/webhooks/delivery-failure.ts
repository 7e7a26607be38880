import type { TargetRefusal } from './address-guard.ts';

/**
 * Why a delivery attempt failed, as the delivery log stores it: in no language, so that the newsroom can word it
 * in each person's (src/http/admin/webhook-presenter.ts), and a receiver's operator can still read the raw form.
 */
export type DeliveryFailure =
  | { kind: 'answered'; status: number }
  | { kind: 'timeout'; seconds: number }
  | { kind: 'connect'; code: string }
  | { kind: 'refused'; reason: TargetRefusal }
  | { kind: 'resolves-private'; address: string }
  | { kind: 'not-a-url' };

const refusals: ReadonlySet<string> = new Set<TargetRefusal>(['scheme', 'credentials', 'ownSite', 'localhost', 'private', 'ownMachine']);

/**
 * The stored form: `answered:503`, `timeout:10`, `connect:ECONNREFUSED`, `refused:private`,
 * `resolves-private:10.0.0.7`, `not-a-url`.
 */
export function storedFailure(failure: DeliveryFailure): string {
  switch (failure.kind) {
    case 'answered':
      return `answered:${failure.status}`;
    case 'timeout':
      return `timeout:${failure.seconds}`;
    case 'connect':
      return `connect:${failure.code}`;
    case 'refused':
      return `refused:${failure.reason}`;
    case 'resolves-private':
      return `resolves-private:${failure.address}`;
    case 'not-a-url':
      return 'not-a-url';
  }
}

/**
 * Reads a stored failure back; undefined for text that is not one of the stored forms (a failure written before
 * they existed, shown as it was written).
 */
export function readFailure(text: string): DeliveryFailure | undefined {
  if (text === 'not-a-url') return { kind: 'not-a-url' };
  const match = /^(answered|timeout|connect|refused|resolves-private):(\S+)$/u.exec(text);
  if (!match) return undefined;
  const [, kind, detail = ''] = match;
  switch (kind) {
    case 'answered':
      return /^\d{3}$/u.test(detail) ? { kind, status: Number(detail) } : undefined;
    case 'timeout':
      return /^\d+(\.\d+)?$/u.test(detail) ? { kind, seconds: Number(detail) } : undefined;
    case 'connect':
      return { kind, code: detail };
    case 'refused':
      return refusals.has(detail) ? { kind, reason: detail as TargetRefusal } : undefined;
    default:
      return { kind: 'resolves-private', address: detail };
  }
}
