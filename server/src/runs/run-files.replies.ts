import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { HelmetOptions } from 'helmet';
import { z } from 'zod';
import { contentDisposition } from './content-disposition';
import { HTML_OUTPUT_CSP } from './html-output';

/** The files of a run as runs and test runs serve them: the same params, headers and framing rules for both. */

export const runParams = z.object({ runId: z.uuid() });
export const artifactParams = runParams.extend({ artifactId: z.uuid() });
/** `index` is the position in `uiPayload.outputs`, from 0. */
export const htmlOutputParams = runParams.extend({ index: z.coerce.number().int().min(0).max(1000) });

/** The app's own CSP (frame-ancestors 'none') and X-Frame-Options would stop the run page framing the output. */
export const htmlOutputHelmet: HelmetOptions = { contentSecurityPolicy: false, frameguard: false };

/** A file a run produced, as a download the browser never renders (CSP sandbox) and nothing caches. */
export function sendArtifact(
  reply: FastifyReply,
  file: { stream: Readable; name: string; contentType: string; bytes: number },
) {
  return reply
    .header('content-type', file.contentType)
    .header('content-length', String(file.bytes))
    .header('content-disposition', contentDisposition(file.name))
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'private, no-store')
    .send(file.stream);
}

/** An `html_sandboxed` output for the run page's sandboxed frame: no scripts, network or same-origin access. */
export function sendHtmlOutput(reply: FastifyReply, html: string) {
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', HTML_OUTPUT_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(html);
}
