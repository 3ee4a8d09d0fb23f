import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import '@fastify/multipart';
import { text, type Text } from '@skriptoteket/contracts';
import type { FastifyRequest } from 'fastify';
import { AppError, invalid } from '../shared/app-error';
import { isStorableText } from '../shared/storable-text';
import type { UploadedFile } from '../runs/run-admission';
import { unstorableText } from './input-guard';

export interface ParsedRunForm {
  fields: Record<string, string>;
  files: UploadedFile[];
  cleanup(): Promise<void>;
}

export interface FormLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
  /** The text fields the form has, each with its longest value in bytes; any other field is refused. */
  fields: Record<string, number>;
  /** The name of the repeated file field. */
  fileField: string;
}

const mb = (bytes: number) => `${Math.round(bytes / 1_000_000)} MB`;
const kb = (bytes: number) => `${Math.round(bytes / 1024)} kB`;
const CUT_OFF = text(
  'Uppladdningen avbröts eller var trasig. Försök igen.',
  'The upload was cut off or malformed. Try again.',
);

/**
 * Reads a run request: text fields and files spooled to a private temp folder. Every limit is enforced while
 * the body streams in, at the first part that breaks it: an unknown field, a field over its length, a file
 * the form cannot take, a file or the files together over their size. Nothing is left in the temp folder when
 * reading fails, and a body the parser cannot read (no boundary, cut off mid-upload) is a 400.
 */
export async function readRunForm(request: FastifyRequest, limits: FormLimits): Promise<ParsedRunForm> {
  if (!request.isMultipart()) return readJsonForm(request.body, limits);
  // Made with the first file: most runs upload none.
  let dir: string | null = null;
  const cleanup = async () => {
    if (dir !== null) await fsp.rm(dir, { recursive: true, force: true });
  };
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  let total = 0;
  const fieldCount = Object.keys(limits.fields).length;
  try {
    const parts = request.parts({
      limits: {
        fileSize: limits.maxFileBytes,
        files: limits.maxFiles + 1,
        fields: fieldCount,
        parts: fieldCount + limits.maxFiles + 1,
        fieldSize: Math.max(...Object.values(limits.fields)),
      },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        fields[part.fieldname] = checkField(
          part.fieldname,
          String(part.value),
          part.valueTruncated,
          limits,
          fields,
        );
        continue;
      }
      if (part.fieldname !== limits.fileField) throw unknownField(part.fieldname);
      if (files.length >= limits.maxFiles) {
        part.file.resume();
        throw tooManyFiles(limits.maxFiles);
      }
      if (!isStorableText(part.filename)) throw unstorableText([limits.fileField, files.length]);
      dir ??= await fsp.mkdtemp(path.join(os.tmpdir(), 'skt-upload-'));
      const tempPath = path.join(dir, String(files.length));
      await pipeline(part.file, fs.createWriteStream(tempPath));
      if (part.file.truncated) throw fileTooLarge(part.filename, files.length, limits.maxFileBytes);
      const bytes = (await fsp.stat(tempPath)).size;
      total += bytes;
      if (total > limits.maxTotalBytes) {
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          text(
            `Filerna är tillsammans större än ${mb(limits.maxTotalBytes)}.`,
            `The files together are larger than ${mb(limits.maxTotalBytes)}.`,
          ),
        );
      }
      files.push({ name: part.filename, bytes, mimeType: part.mimetype, tempPath });
    }
  } catch (error) {
    await cleanup();
    throw asClientError(error);
  }
  return { fields, files, cleanup };
}

/** The same form sent as JSON (no files): only the form's fields, each within its length. */
function readJsonForm(body: unknown, limits: FormLimits): ParsedRunForm {
  const fields: Record<string, string> = {};
  const sent = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  for (const [name, value] of Object.entries(sent)) {
    const textValue = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
    const limit = limits.fields[name] ?? 0;
    fields[name] = checkField(name, textValue, Buffer.byteLength(textValue) > limit, limits, fields);
  }
  return { fields, files: [], cleanup: async () => undefined };
}

function checkField(
  name: string,
  value: string,
  isTruncated: boolean,
  limits: FormLimits,
  seen: Record<string, string>,
): string {
  const limit = limits.fields[name];
  if (limit === undefined || name in seen) throw unknownField(name);
  if (isTruncated || Buffer.byteLength(value) > limit) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      text(`Fältet ${name} är för långt.`, `The field ${name} is too long.`),
      { issues: [{ path: [name], message: text(`Högst ${kb(limit)}.`, `At most ${kb(limit)}.`) }] },
    );
  }
  if (!isStorableText(value)) throw unstorableText([name]);
  return value;
}

const shown = (name: string) => JSON.stringify(name.slice(0, 40)).replaceAll('\\u0000', '?');

function unknownField(name: string): AppError {
  const message: Text = text(
    `Formuläret har inget fält ${shown(name)} (eller så skickades det två gånger).`,
    `The form has no field ${shown(name)} (or it was sent twice).`,
  );
  return invalid(message, [{ path: [name.slice(0, 40)], message }]);
}

function tooManyFiles(max: number): AppError {
  const message =
    max === 0
      ? text(
          'Verktyget tar inte emot filer. Ta bort filerna och försök igen.',
          'The tool does not take files. Remove the files and try again.',
        )
      : text(`Du kan skicka högst ${max} filer.`, `You can send at most ${max} files.`);
  return invalid(message, [{ path: ['files'], message }]);
}

function fileTooLarge(name: string, index: number, maxBytes: number): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    text(
      `Filen "${name}" är större än ${mb(maxBytes)}.`,
      `The file "${name}" is larger than ${mb(maxBytes)}.`,
    ),
    {
      issues: [
        {
          path: ['files', index],
          message: text(`Högst ${mb(maxBytes)} per fil.`, `At most ${mb(maxBytes)} per file.`),
        },
      ],
    },
  );
}

/**
 * What the multipart parser throws about the body itself (no boundary, cut off, a limit) is the caller's
 * doing; a failing disk (an error with a system code) is ours and stays a 500.
 */
function asClientError(error: unknown): unknown {
  if (error instanceof AppError || !(error instanceof Error)) return error;
  const { statusCode, code } = error as Error & { statusCode?: number; code?: string };
  if (statusCode === 413)
    return new AppError('PAYLOAD_TOO_LARGE', text('Formuläret är för stort.', 'The form is too large.'));
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500)
    return new AppError('BAD_REQUEST', CUT_OFF);
  if (statusCode === undefined && (code === undefined || !/^E[A-Z]+$/.test(code)))
    return new AppError('BAD_REQUEST', CUT_OFF);
  return error;
}
