import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/app-config.ts';
import { DatabaseUnavailableError } from '../../src/db/database-errors.ts';
import { DatelineError } from '../../src/errors/dateline-error.ts';
import { describeError } from '../../src/http/error-handling.ts';
import { CommentError } from '../../src/modules/comments/index.ts';
import { MediaError } from '../../src/modules/media/index.ts';

describe('describeError, the one place an error becomes an answer', () => {
  it('answers a domain error with its code, its code’s status, its message and its field', () => {
    expect(describeError(new MediaError('MEDIA_IN_USE', 'Two stories still show this picture.', 'uses'))).toEqual({
      status: 409,
      code: 'MEDIA_IN_USE',
      detail: 'Two stories still show this picture.',
      field: 'uses',
      retryAfterSeconds: undefined,
      isFault: false,
    });
  });

  it('keeps the wait of a refusal that has one', () => {
    expect(describeError(new CommentError('RATE_LIMITED', 'Please wait a minute.', undefined, 60))).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 60 });
  });

  it('answers a database that cannot answer with 503 and a wait, not the driver’s words', () => {
    const problem = describeError(new DatabaseUnavailableError('SQLITE_BUSY: database is locked at /srv/data.db', { retryAfterSeconds: 3 }));
    expect(problem).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', retryAfterSeconds: 3, isFault: false });
    expect(problem.detail).not.toContain('SQLITE_BUSY');
  });

  it('answers a request Fastify refused with its status under a code of ours', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(describeError(tooLarge)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'Request body is too large', isFault: false });
    const badUrl = Object.assign(new Error("'/%E0%A4%A' is not a valid url component"), { statusCode: 400, code: 'FST_ERR_BAD_URL' });
    expect(describeError(badUrl)).toMatchObject({ status: 400, code: 'BAD_REQUEST', detail: 'The address is malformed.' });
  });

  it('answers anything else as a 500 fault that says nothing of itself', () => {
    const problem = describeError(new TypeError("Cannot read properties of undefined (reading 'slug')"));
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', isFault: true });
    expect(problem.detail).not.toContain('slug');
  });

  it('treats an error of the process itself as a fault too, whatever its message', () => {
    const problem = describeError(new ConfigError('PORT "x" is not a port number (0–65535)'));
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', isFault: true });
    expect(problem.detail).not.toContain('PORT');
  });

  it('gives every error class its code, status and name through the one base', () => {
    const error = new MediaError('MEDIA_NOT_FOUND', 'There is no such picture.');
    expect(error).toBeInstanceOf(DatelineError);
    expect(error).toMatchObject({ code: 'MEDIA_NOT_FOUND', status: 404, name: 'MediaError' });
    expect(new ConfigError('bad').code).toBe('CONFIG_INVALID');
  });
});
