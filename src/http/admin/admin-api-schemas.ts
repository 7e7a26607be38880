import { Type } from '@sinclair/typebox';

/** A refusal of the newsroom's API as the one error handling sends it (RFC 9457, with our stable `code`). */
export const ProblemBody = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String(), code: Type.String(), field: Type.Optional(Type.String()) },
  { additionalProperties: true },
);
