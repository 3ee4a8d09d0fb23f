import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import '@fastify/multipart';
import { text } from '@skriptoteket/contracts';
import type { FastifyRequest } from 'fastify';
import { AppError, invalid } from '../shared/app-error';
import type { UploadedFile } from '../runs/runs.service';

export interface ParsedRunForm {
  fields: Record<string, string>;
  files: UploadedFile[];
  cleanup(): Promise<void>;
}

const mb = (bytes: number) => `${Math.round(bytes / 1_000_000)} MB`;

/**
 * Reads a multipart run request: text fields and files spooled to a private temp folder. Size limits are
 * enforced while streaming, so an oversized upload is refused without filling the disk.
 */
export async function readRunForm(
  request: FastifyRequest,
  limits: { maxFiles: number; maxFileBytes: number; maxTotalBytes: number },
): Promise<ParsedRunForm> {
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const fields = Object.fromEntries(
      Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    );
    return { fields, files: [], cleanup: async () => undefined };
  }
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'skt-upload-'));
  const cleanup = () => fsp.rm(dir, { recursive: true, force: true });
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  let total = 0;
  try {
    for await (const part of request.parts({
      limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles + 1, fieldSize: 1_000_000 },
    })) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (files.length >= limits.maxFiles) {
        part.file.resume();
        throw invalid(
          text(
            `Du kan skicka högst ${limits.maxFiles} filer.`,
            `You can send at most ${limits.maxFiles} files.`,
          ),
          [{ path: ['files'], message: text('För många filer.', 'Too many files.') }],
        );
      }
      const tempPath = path.join(dir, String(files.length));
      await pipeline(part.file, fs.createWriteStream(tempPath));
      if (part.file.truncated) {
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          text(
            `Filen "${part.filename}" är större än ${mb(limits.maxFileBytes)}.`,
            `The file "${part.filename}" is larger than ${mb(limits.maxFileBytes)}.`,
          ),
          {
            issues: [
              {
                path: ['files', files.length],
                message: text(
                  `Högst ${mb(limits.maxFileBytes)} per fil.`,
                  `At most ${mb(limits.maxFileBytes)} per file.`,
                ),
              },
            ],
          },
        );
      }
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
    throw error;
  }
  return { fields, files, cleanup };
}
