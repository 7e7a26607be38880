import { Type, type TSchema } from '@sinclair/typebox';

/**
 * The shapes of the content API (`/api/v1`), declared once: Fastify validates requests against them and the
 * OpenAPI document (`/api/v1/openapi.json`) is generated from them. Response properties are optional
 * because `fields` trims them.
 */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'about:blank: `code` says what went wrong' }),
    title: Type.String({ description: 'The name of the HTTP status', examples: ['Bad Request'] }),
    status: Type.Integer(),
    detail: Type.String({ description: 'What to fix, for people' }),
    code: Type.String({ description: 'The stable code (listed in docs/errors.md)', examples: ['PARAMETER_INVALID'] }),
    field: Type.Optional(Type.String({ description: 'The parameter to fix, when one is at fault' })),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), detail: Type.String() }), { description: 'Every parameter to fix, when several are' })),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

export const Taxon = Type.Object({ slug: Type.String(), name: Type.String() }, { $id: 'Taxon' });

export const PictureVariant = Type.Object(
  {
    url: Type.String({ format: 'uri' }),
    crop: Type.Union([Type.Literal('original'), Type.Literal('16x9')]),
    format: Type.Union([Type.Literal('avif'), Type.Literal('webp'), Type.Literal('jpeg')]),
    width: Type.Integer(),
    height: Type.Integer(),
  },
  { $id: 'PictureVariant' },
);

export const Picture = Type.Object(
  {
    id: Type.Integer({ description: 'The picture library id; image blocks name it as mediaId' }),
    alt: Type.String(),
    caption: Type.String(),
    credit: Type.String(),
    licence: Type.String(),
    width: Type.Integer(),
    height: Type.Integer(),
    variants: Type.Array(Type.Ref(PictureVariant)),
  },
  { $id: 'Picture' },
);

const TextRun = Type.Object({
  type: Type.Literal('text'),
  text: Type.String(),
  marks: Type.Optional(Type.Array(Type.Object({ type: Type.String(), href: Type.Optional(Type.String()) }))),
});

export const Block = Type.Object(
  {
    type: Type.Union(['paragraph', 'heading', 'quote', 'list', 'embed', 'image'].map((t) => Type.Literal(t))),
    content: Type.Optional(Type.Array(TextRun)),
  },
  { $id: 'Block', additionalProperties: true, description: 'One block of the story body model (paragraph, heading, quote, list, embed, image); image blocks carry mediaId' },
);

export const StoryNote = Type.Object(
  { kind: Type.Union([Type.Literal('correction'), Type.Literal('update')]), text: Type.String(), notedAt: Type.String({ format: 'date-time' }) },
  { $id: 'StoryNote' },
);

const storyFields = {
  edition: Type.String(),
  code: Type.Integer(),
  slug: Type.String(),
  url: Type.String({ format: 'uri', description: 'The story page' }),
  headline: Type.String(),
  teaser: Type.String(),
  publishedAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  section: Nullable(Type.Ref(Taxon)),
  tags: Type.Array(Type.Ref(Taxon)),
  authors: Type.Array(Type.Ref(Taxon)),
  credit: Nullable(Type.Object({ text: Type.String(), url: Nullable(Type.String()), licenseUrl: Nullable(Type.String()) })),
  picture: Nullable(Type.Ref(Picture)),
  body: Type.Array(Type.Ref(Block)),
  bodyHtml: Type.String({ description: 'The body as the story page renders it, sanitized, with absolute links' }),
  bodyPictures: Type.Array(Type.Ref(Picture), { description: 'The library pictures of the body’s image blocks' }),
};

export const Story = Type.Partial(Type.Object(storyFields), { $id: 'Story' });

export const StoryDetail = Type.Partial(
  Type.Object({
    ...storyFields,
    notes: Type.Array(Type.Ref(StoryNote), { description: 'Corrections and updates, oldest first' }),
    related: Type.Array(Type.Object({ headline: Type.String(), teaser: Type.String(), edition: Nullable(Type.String()), code: Nullable(Type.Integer()), url: Nullable(Type.String()) })),
  }),
  { $id: 'StoryDetail' },
);

/** The top-level fields `fields=` may name. */
export const storyFieldNames = Object.keys(storyFields);
export const storyDetailFieldNames = [...storyFieldNames, 'notes', 'related'];

export const StoryList = Type.Object(
  {
    items: Type.Array(Type.Ref(Story)),
    nextCursor: Nullable(Type.String({ description: 'Pass as cursor for the next page; null on the last page' })),
  },
  { $id: 'StoryList' },
);

const EditionParam = Type.String({ description: 'An edition code (GET /api/v1/editions)', minLength: 1, maxLength: 16 });
const FieldsParam = Type.String({ description: 'Comma-separated top-level fields to return, e.g. `code,headline,url`', maxLength: 500 });
const DayParam = (description: string) => Type.String({ format: 'date', description });
const PageParam = Type.Integer({ minimum: 1, maximum: 1000, default: 1 });

export const StoryListQuery = Type.Object({
  edition: EditionParam,
  section: Type.Optional(Type.String({ maxLength: 200 })),
  tag: Type.Optional(Type.String({ maxLength: 200 })),
  author: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(DayParam('First day included (YYYY-MM-DD, in the edition’s time zone)')),
  to: Type.Optional(DayParam('Last day included (YYYY-MM-DD, in the edition’s time zone)')),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  fields: Type.Optional(FieldsParam),
});

export const StoryParams = Type.Object({ edition: EditionParam, code: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const SlugParam = Type.String({ description: 'The address name, as in the list (`slug`)', minLength: 1, maxLength: 200 });
export const TaxonParams = Type.Object({ edition: EditionParam, slug: SlugParam });
export const AuthorParams = Type.Object({ slug: SlugParam });
export const FieldsQuery = Type.Object({ fields: Type.Optional(FieldsParam) });
export const EditionQuery = Type.Object({ edition: EditionParam });
export const OptionalEditionQuery = Type.Object({ edition: Type.Optional(EditionParam) });
export const PagedEditionQuery = Type.Object({ edition: EditionParam, page: PageParam });
export const SearchQuery = Type.Object({
  edition: EditionParam,
  q: Type.String({ maxLength: 500 }),
  section: Type.Optional(Type.String({ maxLength: 200 })),
  tag: Type.Optional(Type.String({ maxLength: 200 })),
  author: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(DayParam('First day included')),
  to: Type.Optional(DayParam('Last day included')),
  sort: Type.Union([Type.Literal('relevance'), Type.Literal('date')], { default: 'relevance' }),
  page: PageParam,
});

export const Edition = Type.Object(
  { code: Type.String(), name: Type.String(), language: Type.String(), direction: Type.Union([Type.Literal('ltr'), Type.Literal('rtl')]), timeZone: Type.String(), url: Type.String({ format: 'uri' }) },
  { $id: 'Edition' },
);

export const PublicTaxon = Type.Object(
  {
    slug: Type.String(),
    name: Type.String(),
    description: Type.String(),
    storyCount: Type.Integer({ description: 'Published stories' }),
    links: Type.Optional(Type.Array(Type.Object({ label: Type.String(), url: Type.String() }))),
  },
  { $id: 'PublicTaxon' },
);

export const Correction = Type.Object(
  { text: Type.String(), notedAt: Type.String({ format: 'date-time' }), story: Type.Object({ edition: Type.String(), code: Type.Integer(), headline: Type.String(), url: Type.String() }) },
  { $id: 'Correction' },
);

export const Paged = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), page: Type.Integer(), pageCount: Type.Integer(), total: Type.Integer() });

/** Every shared schema, added to Fastify once so that routes refer to them and the document lists them. */
export const sharedSchemas = [Problem, Taxon, PictureVariant, Picture, Block, StoryNote, Story, StoryDetail, StoryList, Edition, PublicTaxon, Correction];

/** Refusals every content API operation may answer with. */
export const problemResponses = {
  400: Type.Ref(Problem, { description: 'A parameter is wrong; `parameter` names it' }),
  401: Type.Ref(Problem, { description: 'The key is unknown or revoked' }),
  403: Type.Ref(Problem, { description: 'The key may not be used from this origin' }),
  429: Type.Ref(Problem, { description: 'Too many requests: see RateLimit-Reset and Retry-After' }),
};
