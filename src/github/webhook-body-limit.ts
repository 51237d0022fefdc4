/**
 * A size limit on webhook bodies, in front of Probot's webhook middleware: GitHub caps payloads at
 * 25 MB, so a larger body is no webhook and is refused with 413 before it is read into memory (a stated
 * Content-Length at once; a chunked body as soon as it passes the limit). WEBHOOK_MAX_BYTES overrides.
 * The app adds it (src/app.ts); src/server.ts's chain runs it first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

function refuse(res: ServerResponse, maxBytes: number): true {
  res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ error: `Payload larger than ${maxBytes} bytes` }));
  return true;
}

/** The limit on POSTs to WEBHOOK_PATH (Probot's default path), of WEBHOOK_MAX_BYTES (default 25 MB). */
export function webhookBodyLimit(env: NodeJS.ProcessEnv = process.env): Handler {
  const path = env.WEBHOOK_PATH || '/api/github/webhooks';
  const maxBytes = Number(env.WEBHOOK_MAX_BYTES) || DEFAULT_MAX_BYTES;
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
        chunks.length = 0;
        // Answer before leaving the loop: leaving it destroys the request and with it the socket, and
        // the client would see a reset instead of the 413 (Node closes the connection once it is out).
        refuse(res, maxBytes);
        await new Promise((resolve) => {
          res.once('finish', resolve);
          res.once('close', resolve);
        });
        return true;
      }
      chunks.push(chunk as Buffer);
    }
    (req as IncomingMessage & { body?: string }).body = Buffer.concat(chunks).toString('utf8');
    return false;
  };
}
