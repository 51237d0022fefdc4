/**
 * A size limit on webhook bodies, in front of Probot's webhook middleware: GitHub caps payloads at
 * 25 MB, so a larger body is no webhook and is refused with 413 before it is read into memory (a stated
 * Content-Length at once; a chunked body as soon as it passes the limit). WEBHOOK_MAX_BYTES overrides.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

function refuse(res: ServerResponse, maxBytes: number): true {
  res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ error: `Payload larger than ${maxBytes} bytes` }));
  return true;
}

export function webhookBodyLimit(path = process.env.WEBHOOK_PATH || '/api/github/webhooks', maxBytes = Number(process.env.WEBHOOK_MAX_BYTES) || DEFAULT_MAX_BYTES): Handler {
  return async (req, res) => {
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') !== path.replace(/\/+$/, '')) return false;
    const stated = Number(req.headers['content-length']);
    if (Number.isFinite(stated) && stated > maxBytes) {
      req.resume();
      return refuse(res, maxBytes);
    }
    if (req.headers['content-length'] !== undefined) return false;
    // Chunked: read it here, counting; the webhook middleware takes a string body as it is.
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        req.destroy();
        return refuse(res, maxBytes);
      }
      chunks.push(chunk as Buffer);
    }
    (req as IncomingMessage & { body?: string }).body = Buffer.concat(chunks).toString('utf8');
    return false;
  };
}
