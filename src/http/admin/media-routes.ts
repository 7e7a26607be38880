import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Kind, Type, TypeRegistry, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mediaAdminStrings as t } from '../../config/media-admin-strings.ts';
import { stripControlCharacters } from '../../content/control-characters.ts';
import { personActor, type Actor } from '../../modules/accounts/account-types.ts';
import { can, hasGrant } from '../../modules/accounts/permissions.ts';
import { detailLimits, MAX_UPLOAD_BYTES, MediaError, type LibraryFilter, type Picture, type PictureChanges } from '../../modules/media/index.ts';
import { MediaItemPage } from '../../views/admin/pages/media-item-page.tsx';
import { MediaLibraryPage } from '../../views/admin/pages/media-library-page.tsx';
import { allowAnyone, requirePermission } from './admin-access.ts';
import { ProblemBody } from './admin-api-schemas.ts';
import { loadIslandScript } from './admin-assets.ts';
import { frameFor, formFields, idParam, sendPage, type AdminContext } from './admin-context.ts';
import { adminPaths } from './admin-paths.ts';
import { adminStateOf, signedInUser } from './admin-state.ts';
import { editorPicture, itemPageView, libraryFilters, libraryPageView, otherLanguages, USES_FIELD, type MediaProblem, type SentDetails } from './media-presenter.ts';

/** An uploaded file as the multipart parser leaves it in the body (see `onFile`). */
interface UploadedFile {
  fileName: string;
  bytes: Buffer;
  /** The file went past the size limit: `bytes` holds only its start. */
  isTruncated: boolean;
}

/** An uploaded file in a schema: documented as binary, checked as what `readPictureUploads` leaves. */
const PICTURE_FILE_KIND = 'DatelinePictureFile';
TypeRegistry.Set(PICTURE_FILE_KIND, (_schema, value) => isUploadedFile(value));
const PictureFile = Type.Unsafe<UploadedFile>({ [Kind]: PICTURE_FILE_KIND, type: 'string', format: 'binary', description: 'The picture file' });
const detail = (name: keyof typeof detailLimits, description: string) => Type.Optional(Type.String({ maxLength: detailLimits[name], description }));

const PictureUploadBody = Type.Object(
  {
    file: PictureFile,
    alt: Type.String({ minLength: 1, maxLength: detailLimits.alt, pattern: '\\S', description: 'What the picture shows, for readers who cannot see it (the newsroom’s main language)' }),
    caption: detail('caption', 'The caption'),
    credit: detail('credit', 'Who made the picture'),
    licence: detail('licence', 'Under what terms it may be used'),
    sourceUrl: detail('sourceUrl', 'Where it came from (https://…)'),
  },
  { additionalProperties: false },
);

const UploadedPictureBody = Type.Object({
  id: Type.Integer(),
  fileName: Type.String(),
  alt: Type.String(),
  credit: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  src: Type.String({ description: 'The largest variant, for an image block' }),
  href: Type.String({ description: 'The picture’s page in the newsroom' }),
  thumbnail: Type.String(),
});

/** The newsroom's main language: the default alt text and caption are written in it. */
const MAIN_LANGUAGE = 'en';

/**
 * The picture library in the newsroom: `/admin/media` (list, search, upload), `/admin/media/:id` (details,
 * uses, deletion) and `/api/admin/media` (the story editor's picker). Uploads are multipart forms read by
 * @fastify/multipart in this scope only, with a size limit per file; the CSRF token travels as a form
 * field (or the `x-csrf-token` header) and is checked, as everywhere in the admin, before the handler.
 */
export async function registerMediaRoutes(app: FastifyInstance, ctx: AdminContext): Promise<void> {
  const island = await loadIslandScript('media');
  const { media, editions } = ctx.services;

  app.get(island.href.slice('/admin'.length), allowAnyone(), async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(island.js),
  );

  const actorOf = (request: FastifyRequest): Actor => personActor(signedInUser(request), adminStateOf(request).addressHash);

  async function showLibrary(request: FastifyRequest, reply: FastifyReply, status: number, options: { notice?: { text: string }; problems?: MediaProblem[] } = {}) {
    const query = request.query as Record<string, unknown>;
    const q = typeof query.q === 'string' ? query.q.slice(0, 200) : '';
    const filter = libraryFilters.includes(query.filter as LibraryFilter) ? (query.filter as LibraryFilter) : 'all';
    const page = typeof query.page === 'string' && /^[1-9]\d{0,5}$/u.test(query.page) ? Number(query.page) : 1;
    const found = await media.list({ q, filter, page });
    return sendPage(reply, status, MediaLibraryPage, libraryPageView(frameFor(ctx, request, reply, adminPaths.media), [island.href], found, { q, filter }, options));
  }

  async function showItem(request: FastifyRequest, reply: FastifyReply, picture: Picture, status: number, options: { notice?: { text: string }; problems?: MediaProblem[]; sent?: SentDetails } = {}) {
    const user = signedInUser(request);
    const view = itemPageView(frameFor(ctx, request, reply, adminPaths.media), [island.href], picture, await media.usesOf(picture.id), otherLanguages(editions.list(), MAIN_LANGUAGE), {
      ...options,
      mayDelete: hasGrant(user.role, 'media.delete'),
    });
    return sendPage(reply, status, MediaItemPage, view);
  }

  async function findPicture(request: FastifyRequest<{ Params: { id: string } }>): Promise<Picture | undefined> {
    const id = idParam(request.params.id);
    return id === undefined ? undefined : media.find(id);
  }

  app.get(adminPaths.media.replace('/admin', ''), requirePermission('media.upload'), async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const count = typeof query.count === 'string' && /^\d{1,3}$/u.test(query.count) ? Number(query.count) : 1;
    const notice = query.notice === 'uploaded' ? { text: t.uploaded(count) } : query.notice === 'deleted' ? { text: t.deleted } : undefined;
    return showLibrary(request, reply, 200, { notice });
  });

  // Multipart parsing lives in a scope of its own: only the upload route reads multipart bodies.
  await app.register(async (uploads) => {
    await readPictureUploads(uploads, 20);

    uploads.post(adminPaths.media.replace('/admin', ''), requirePermission('media.upload'), async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const files = ([] as unknown[]).concat(body.files ?? body.file ?? []).filter(isUploadedFile);
      const details = formFields(body, ['alt', 'credit', 'licence', 'caption'] as const);
      const wantsJson = String(request.headers.accept ?? '').includes('application/json');
      const actor = actorOf(request);
      const added: Picture[] = [];
      const errors: { fileName: string; code: string; message: string; status: number }[] = [];
      for (const file of files) {
        if (file.bytes.length === 0 && file.fileName === '') continue; // the empty file input of a form sent without a choice
        try {
          assertWithinLimit(file);
          added.push(await media.add(actor, file, details));
        } catch (error) {
          if (!(error instanceof MediaError)) throw error;
          errors.push({ fileName: file.fileName, code: error.code, message: error.message, status: error.status });
        }
      }
      if (added.length === 0 && errors.length === 0) {
        if (wantsJson) throw new MediaError('MEDIA_FILE_EMPTY', t.noFile, 'files');
        return showLibrary(request, reply, 400, { problems: [{ field: 'files', text: t.noFile }] });
      }
      const status = errors.length === 0 ? 201 : added.length === 0 ? errors[0]!.status : 207;
      if (wantsJson) {
        return reply.code(status).send({
          pictures: added.map(editorPicture),
          errors: errors.map(({ fileName, code, message }) => ({ fileName, code, message })),
        });
      }
      if (errors.length > 0) return showLibrary(request, reply, status === 207 ? 422 : status, { problems: errors.map((e) => ({ field: 'files', text: t.uploadFailed(e.fileName, e.message) })) });
      if (added.length === 1) return reply.redirect(`${adminPaths.mediaItem(added[0]!.id)}?notice=uploaded`, 303);
      return reply.redirect(`${adminPaths.media}?notice=uploaded&count=${added.length}`, 303);
    });
  });

  app.get<{ Params: { id: string } }>('/media/:id', requirePermission('media.upload'), async (request, reply) => {
    const picture = await findPicture(request);
    if (!picture) return reply.callNotFound();
    const query = request.query as Record<string, unknown>;
    const stories = typeof query.stories === 'string' && /^\d{1,5}$/u.test(query.stories) ? Number(query.stories) : 0;
    const notice = query.notice === 'uploaded' ? { text: t.uploaded(1) } : query.notice === 'saved' ? { text: t.saved(stories) } : undefined;
    return showItem(request, reply, picture, 200, { notice });
  });

  app.post<{ Params: { id: string } }>('/media/:id', requirePermission('media.edit.own'), async (request, reply) => {
    const picture = await findPicture(request);
    if (!picture) return reply.callNotFound();
    const user = signedInUser(request);
    const resource = { kind: 'media', ownerId: picture.createdBy } as const;
    if (!can(user, 'media.edit.any', resource) && !can(user, 'media.edit.own', resource)) {
      throw new MediaError('MEDIA_FORBIDDEN', t.problems.mayNotEdit);
    }
    const languages = otherLanguages(editions.list(), MAIN_LANGUAGE);
    const names = ['alt', 'caption', 'credit', 'licence', 'sourceUrl', 'focalX', 'focalY', ...languages.flatMap((l) => [`alt-${l.language}`, `caption-${l.language}`])];
    const values = formFields(request.body, names);
    const focal = (name: 'focalX' | 'focalY') => ((values[name] ?? '').trim() === '' ? undefined : Number(values[name]) / 100);
    const changes: PictureChanges = {
      alt: values.alt,
      caption: values.caption,
      credit: values.credit,
      licence: values.licence,
      sourceUrl: values.sourceUrl,
      focalX: focal('focalX'),
      focalY: focal('focalY'),
      texts: languages.map((l) => ({ language: l.language, alt: values[`alt-${l.language}`] ?? '', caption: values[`caption-${l.language}`] ?? '' })),
    };
    try {
      const { storyIds } = await media.updateDetails(actorOf(request), picture.id, changes);
      return reply.redirect(`${adminPaths.mediaItem(picture.id)}?notice=saved&stories=${storyIds.length}`, 303);
    } catch (error) {
      if (!(error instanceof MediaError)) throw error;
      const field = error.field ?? 'alt';
      return showItem(request, reply, picture, error.status === 404 ? 404 : 422, { problems: [{ field, text: error.message }], sent: { values, fieldErrors: { [field]: error.message } } });
    }
  });

  app.post<{ Params: { id: string } }>('/media/:id/delete', requirePermission('media.delete'), async (request, reply) => {
    const picture = await findPicture(request);
    if (!picture) return reply.callNotFound();
    try {
      await media.delete(actorOf(request), picture.id);
    } catch (error) {
      if (!(error instanceof MediaError)) throw error;
      return showItem(request, reply, picture, error.status, { problems: [{ field: USES_FIELD, text: error.message }] });
    }
    return reply.redirect(`${adminPaths.media}?notice=deleted`, 303);
  });
}

/**
 * The story editor's side of the library: the picker's search (pictures matching `q`, newest first, with
 * what an image block needs) and writing a picture's alt text where the story is written. The alt text goes
 * through `updateDetails`, the one path for a picture's details, so every story showing it changes with it.
 */
export async function registerMediaApiRoutes(app: FastifyInstance, ctx: AdminContext): Promise<void> {
  const { media } = ctx.services;

  // Staff automation's upload: one picture, described, through the library's own checks and processing.
  await app.register(async (uploads) => {
    await readPictureUploads(uploads, 1);
    uploads.withTypeProvider<TypeBoxTypeProvider>().post(
      '/media',
      {
        ...requirePermission('media.upload'),
        // TypeBox checks the body itself: it knows the picture file's kind, which Fastify's Ajv does not.
        validatorCompiler: (route) => TypeBoxValidatorCompiler({ ...route, schema: route.schema as unknown as TSchema }),
        schema: {
          summary: 'Upload a picture to the library',
          description: `One JPEG, PNG, WebP, AVIF or still GIF of up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB, checked by its content and cleaned of its metadata as the newsroom's library does, with its alt text (required: readers who cannot see it are told what it shows) and its credit.`,
          tags: ['admin'],
          security: [{ apiKey: [] }],
          consumes: ['multipart/form-data'],
          body: PictureUploadBody,
          response: { 201: Type.Object({ picture: UploadedPictureBody }), 400: ProblemBody, 401: ProblemBody, 403: ProblemBody, 413: ProblemBody, 415: ProblemBody, 422: ProblemBody, 429: ProblemBody },
        },
      },
      async (request, reply) => {
        const { file, ...details } = request.body;
        const actor = personActor(signedInUser(request), adminStateOf(request).addressHash);
        try {
          assertWithinLimit(file);
          return reply.code(201).send({ picture: editorPicture(await media.add(actor, file, details)) });
        } catch (error) {
          // The library's refusals of a file name no field (its form has one file input): here it is `file`.
          if (error instanceof MediaError && error.field === undefined) throw new MediaError(error.code, error.message, 'file');
          throw error;
        }
      },
    );
  });

  app.get('/media', requirePermission('media.upload'), async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const found = await media.list({ q: typeof query.q === 'string' ? query.q.slice(0, 200) : '' });
    return reply.send({ pictures: found.items.map(editorPicture), total: found.total });
  });

  app.put<{ Params: { id: string } }>('/media/:id', requirePermission('media.edit.own'), async (request, reply) => {
    const id = idParam(request.params.id);
    const picture = id === undefined ? undefined : await media.find(id);
    if (!picture) throw new MediaError('MEDIA_NOT_FOUND', t.problems.notFound);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body.alt !== 'string') throw new MediaError('MEDIA_FIELD_INVALID', t.problems.altNotText, 'alt');
    // updateDetails checks the role against the picture's owner, as the library's own form does.
    const actor = personActor(signedInUser(request), adminStateOf(request).addressHash);
    const { storyIds } = await media.updateDetails(actor, picture.id, { alt: body.alt });
    return reply.send({ picture: editorPicture(await media.get(picture.id)), storyCount: storyIds.length });
  });
}

/**
 * Lets the scope's routes read multipart bodies: each file is read into memory up to the upload limit (past it,
 * only its start, marked `isTruncated`) and left in the body under its field's name with the other fields.
 */
async function readPictureUploads(scope: FastifyInstance, maxFiles: number): Promise<void> {
  await scope.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: maxFiles, fields: 20, fieldSize: 8 * 1024, parts: maxFiles + 20 },
    async onFile(part: MultipartFile) {
      const bytes = await part.toBuffer();
      const file: UploadedFile = { fileName: part.filename, bytes, isTruncated: part.file.truncated };
      (part as unknown as { value: UploadedFile }).value = file;
    },
  });
  // The newsroom's edge strips control characters before a body is read; a multipart body is read after it, here.
  scope.addHook('preValidation', async (request) => {
    if (request.body === null || typeof request.body !== 'object') return;
    request.body = Object.fromEntries(Object.entries(request.body).map(([name, value]) => [name, typeof value === 'string' ? stripControlCharacters(value) : value]));
  });
}

/** A picture that went past the upload limit is refused, as the library's form refuses it. */
function assertWithinLimit(file: UploadedFile): void {
  if (file.isTruncated) throw new MediaError('MEDIA_FILE_TOO_LARGE', t.problems.fileTooLarge(MAX_UPLOAD_BYTES / 1024 / 1024), 'file');
}

function isUploadedFile(value: unknown): value is UploadedFile {
  return value !== null && typeof value === 'object' && Buffer.isBuffer((value as UploadedFile).bytes) && typeof (value as UploadedFile).fileName === 'string';
}
