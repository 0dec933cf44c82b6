import { Readable } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem.js';
import { AppError, invalidField } from '../../platform/errors.js';
import type { ByteRange } from '../../platform/storage.js';
import {
  contentDisposition,
  matchesEtag,
  parseRange,
  type RangeResult,
  rangeStillValid,
} from './files.http.js';
import { contentTypeOf, presentFile } from './files.presenter.js';
import { FileBytes, FileDto, FileErrors, FileParams, FileQuery, SignedUrl } from './files.schemas.js';
import type { FilesService, UploadPart } from './files.service.js';

const tags = ['files'];

/**
 * Uploads and downloads. The multipart parser is registered here, not on the whole app, so no
 * other route accepts multipart bodies.
 */
export function filesRoutes(files: FilesService) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    await fastify.register(fastifyMultipart, {
      // The parser's ceiling sits above every kind's limit: the service's 413 names the real one.
      limits: { fileSize: files.largestLimit + 1, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
    });
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/files',
      {
        schema: {
          tags,
          summary: 'Upload a file',
          description:
            'multipart/form-data: the fields `kind` (image | video | attachment) and optional ' +
            '`communityId` first, then the part `file`. Limits: image 10 MiB, attachment 100 MiB, ' +
            'video 2 GiB. The type is detected from the bytes; executables are refused.',
          consumes: ['multipart/form-data'],
          response: { 201: FileDto, ...problemResponses },
        },
      },
      async (request, reply) => {
        const file = await files.upload(request.actor, { read: () => readForm(request) });
        return reply.code(201).send(presentFile(file));
      },
    );

    app.get(
      '/api/files/:id',
      {
        schema: {
          tags,
          summary: 'Download a file (Range, ETag; or with a signed URL and no session)',
          params: FileParams,
          querystring: FileQuery,
          response: {
            200: FileBytes,
            206: FileBytes,
            304: Type.Null(),
            416: Type.Ref('Problem'),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const { file, visibility } = await files.authorizeRead(
          request.actor,
          request.params.id,
          request.query,
        );
        const etag = `"${file.sha256}"`;
        reply.headers({
          etag,
          'cache-control': visibility === 'public' ? 'public, max-age=300' : 'private, no-cache',
          'accept-ranges': 'bytes',
          'x-content-type-options': 'nosniff',
        });
        if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send(null);

        const size = Number(file.size);
        const range: RangeResult = rangeStillValid(headerValue(request.headers['if-range']), etag)
          ? parseRange(request.headers.range, size)
          : { type: 'full' };
        if (range.type === 'unsatisfiable') {
          throw new AppError(
            416,
            FileErrors.rangeNotSatisfiable,
            `The file has ${size} bytes; the range asked for is outside it.`,
            undefined,
            { 'content-range': `bytes */${size}` },
          );
        }
        reply.headers({
          'content-type': contentTypeOf(file),
          'content-disposition': contentDisposition(
            file.kind === 'attachment' ? 'attachment' : 'inline',
            file.original_name,
          ),
        });
        // HEAD runs this handler too; Fastify drains a stream for it, so never open a 2 GiB video
        // just to drain it (an empty stream keeps our content-length, a string would reset it).
        const bytes = (part?: ByteRange) =>
          request.method === 'HEAD' ? Promise.resolve(Readable.from([])) : files.openBytes(file, part);
        if (range.type === 'partial') {
          const { start, end } = range.range;
          return reply
            .code(206)
            .headers({ 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 })
            .send(await bytes(range.range));
        }
        return reply
          .code(200)
          .header('content-length', size)
          .send(await bytes());
      },
    );

    app.get(
      '/api/files/:id/url',
      {
        schema: {
          tags,
          summary: 'A short-lived URL that opens the file without a session (5 minutes)',
          params: FileParams,
          response: { 200: SignedUrl, ...problemResponses },
        },
      },
      async (request) => files.signedUrl(request.actor, request.params.id),
    );
  };
}

/** The form up to its file part: fields must come first (a browser's FormData keeps append order). */
async function readForm(
  request: FastifyRequest,
): Promise<{ fields: Record<string, string>; file: UploadPart | null }> {
  if (!request.isMultipart())
    throw new AppError(415, FileErrors.unsupportedMediaType, 'Send the file as multipart/form-data.');
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') {
        part.file.destroy();
        throw invalidField(
          part.fieldname,
          'additionalProperties',
          'is not allowed (send the file as `file`)',
        );
      }
      return { fields, file: { name: part.filename, stream: part.file } };
    }
    fields[part.fieldname] = String(part.value);
  }
  return { fields, file: null };
}

const headerValue = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;
