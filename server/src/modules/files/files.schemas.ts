import { type Static, Type } from 'typebox';

export const FileKind = Type.Union([
  Type.Literal('image'),
  Type.Literal('video'),
  Type.Literal('attachment'),
]);
export type FileKind = Static<typeof FileKind>;

/** The text fields of an upload form; they must come before the `file` part. */
export const UploadFields = Type.Object(
  {
    kind: FileKind,
    communityId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type UploadFieldsInput = Static<typeof UploadFields>;

export const FileDto = Type.Object({
  id: Type.String(),
  kind: FileKind,
  mime: Type.String({ description: 'Detected from the bytes, not from the name' }),
  size: Type.Integer({ description: 'bytes' }),
  name: Type.String(),
  url: Type.String({ description: 'Path to download the file with the session cookie' }),
});
export type FileDto = Static<typeof FileDto>;

export const FileParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const FileQuery = Type.Object({
  exp: Type.Optional(Type.Integer({ description: 'Signed URL: expiry, epoch ms' })),
  sig: Type.Optional(Type.String({ maxLength: 128, description: 'Signed URL: HMAC-SHA256, hex' })),
});
export type FileQueryInput = Static<typeof FileQuery>;

export const SignedUrl = Type.Object({
  url: Type.String({ description: 'Works without a session until expiresAt' }),
  expiresAt: Type.Integer({ description: 'epoch ms' }),
});

export const FileBytes = Type.Unsafe<Uint8Array>({
  type: 'string',
  format: 'binary',
  description: 'The bytes (206: the requested range)',
});

/** Stable error codes of this module. */
export const FileErrors = {
  fileTooLarge: 'file_too_large',
  unsupportedFileType: 'unsupported_file_type',
  unsupportedMediaType: 'unsupported_media_type',
  emptyFile: 'empty_file',
  invalidSignature: 'invalid_signature',
  signatureExpired: 'signature_expired',
  rangeNotSatisfiable: 'range_not_satisfiable',
  forbidden: 'forbidden',
} as const;
