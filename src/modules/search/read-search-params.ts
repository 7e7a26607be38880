import type { SearchParameterName, SearchParams, SearchProblem, SearchSort } from './search-types.ts';

/** Deep pages cost the engine more and serve nobody; the last page a search can show. */
export const MAX_SEARCH_PAGE = 50;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SLUG = /^[\p{L}\p{M}\p{N}-]{1,200}$/u;

/**
 * Reads a search's query string: every parameter optional, each at most once, each checked for form.
 * Problems name the parameter; the reader's query `q` itself can never be a problem (any text is searchable).
 * @example readSearchParams({ q: 'boeing', sort: 'date' }) // { params: { q: 'boeing', sort: 'date', page: 1 }, problems: [] }
 */
export function readSearchParams(query: Record<string, unknown>): { params: SearchParams; problems: SearchProblem[] } {
  const problems: SearchProblem[] = [];
  const one = (name: SearchParameterName): string | undefined => {
    const raw = query[name];
    if (raw === undefined) return undefined;
    if (Array.isArray(raw)) {
      problems.push(problem(name, 'repeated', String(raw[0] ?? ''), `${name}: give it once, not ${raw.length} times`));
      return undefined;
    }
    return typeof raw === 'string' ? raw : String(raw);
  };

  const params: SearchParams = { q: one('q') ?? '', sort: 'relevance', page: 1 };
  for (const [name, key] of [['section', 'sectionSlug'], ['tag', 'tagSlug'], ['author', 'authorSlug']] as const) {
    const value = one(name)?.trim();
    if (value === undefined || value === '') continue;
    if (!SLUG.test(value)) problems.push(problem(name, 'unknown', value, `${name}: "${cut(value)}" is not a ${name} of this edition`));
    else params[key] = value.toLowerCase();
  }
  for (const [name, key] of [['from', 'fromDay'], ['to', 'toDay']] as const) {
    const value = one(name)?.trim();
    if (value === undefined || value === '') continue;
    if (!isCalendarDay(value)) problems.push(problem(name, 'invalid-date', value, `${name}: "${cut(value)}" is not a date as YYYY-MM-DD`));
    else params[key] = value;
  }
  if (params.fromDay && params.toDay && params.fromDay > params.toDay) {
    problems.push(problem('to', 'date-range', params.toDay, `to: ${params.toDay} is before from: ${params.fromDay}`));
  }
  const sort = one('sort')?.trim();
  if (sort !== undefined && sort !== '') {
    if (sort === 'relevance' || sort === 'date') params.sort = sort satisfies SearchSort;
    else problems.push(problem('sort', 'invalid', sort, `sort: must be "relevance" or "date", not "${cut(sort)}"`));
  }
  const page = one('page')?.trim();
  if (page !== undefined && page !== '') {
    if (/^[1-9]\d{0,5}$/.test(page) && Number(page) <= MAX_SEARCH_PAGE) params.page = Number(page);
    else problems.push(problem('page', 'invalid', page, `page: must be a whole number from 1 to ${MAX_SEARCH_PAGE}`));
  }
  return { params, problems };
}

export function problem(parameter: SearchParameterName, kind: SearchProblem['kind'], value: string, detail: string): SearchProblem {
  return { parameter, kind, value: cut(value), detail };
}

function isCalendarDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function cut(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
