/**
 * A minimal Redis client (RESP2 over one TCP or TLS socket): commands are pipelined and answered in
 * order. It has the shape of Bun's built-in RedisClient (`send`, `connected`, `onconnect`/`onclose`),
 * which BullMQ adapts natively, so the BullMQ store needs no Redis driver dependency; the queue uses it
 * directly for its own keys too (delivery ids, installation and commit slots).
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

type Reply = string | number | null | Error | Reply[];

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class RedisError extends Error {
  override name = 'RedisError';
}

/** Parses RESP2 replies from a growing buffer; returns undefined while a reply is incomplete. */
function parse(buffer: Buffer, start: number): { value: Reply; end: number } | undefined {
  if (start >= buffer.length) return undefined;
  const lineEnd = buffer.indexOf('\r\n', start);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[start]!);
  const line = buffer.toString('utf8', start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new RedisError(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: Reply[] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buffer, at);
        if (!item) return undefined;
        items.push(item.value);
        at = item.end;
      }
      return { value: items, end: at };
    }
    default:
      throw new RedisError(`unexpected reply type ${JSON.stringify(type)}`);
  }
}

function encode(command: string, args: readonly unknown[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length + 1}\r\n$${Buffer.byteLength(command)}\r\n${command}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : arg instanceof Uint8Array ? Buffer.from(arg) : Buffer.from(String(arg));
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

export class RespClient {
  connected = false;
  onconnect: (() => void) | null | undefined;
  onclose: ((error?: Error) => void) | null | undefined;
  onerror: ((error: Error) => void) | null | undefined;
  private socket: Socket | undefined;
  private connecting: Promise<void> | undefined;
  private readonly pending: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private closedByUs = false;

  constructor(readonly url: string) {}

  duplicate(): Promise<this> {
    return Promise.resolve(new RespClient(this.url) as this);
  }

  get(key: string): Promise<string | null> {
    return this.send('GET', [key]);
  }

  smembers(key: string): Promise<string[]> {
    return this.send('SMEMBERS', [key]);
  }

  incr(key: string): Promise<number> {
    return this.send('INCR', [key]);
  }

  connect(): Promise<void> {
    if (this.connected) return Promise.resolve();
    this.connecting ??= new Promise<void>((resolve, reject) => {
      const u = new URL(this.url);
      const port = Number(u.port || 6379);
      const host = u.hostname || '127.0.0.1';
      const tls = u.protocol === 'rediss:';
      this.closedByUs = false;
      const socket = tls ? tlsConnect({ host, port, servername: host }) : netConnect({ host, port });
      socket.setNoDelay(true);
      this.socket = socket;
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        const hello: Promise<unknown>[] = [];
        this.connected = true;
        if (u.password) hello.push(this.send('AUTH', u.username ? [decodeURIComponent(u.username), decodeURIComponent(u.password)] : [decodeURIComponent(u.password)]));
        const db = u.pathname.replace(/^\//, '');
        if (db) hello.push(this.send('SELECT', [db]));
        Promise.all(hello).then(() => {
          this.connecting = undefined;
          resolve();
          this.onconnect?.();
        }, (error: Error) => {
          this.connecting = undefined;
          reject(error);
          socket.destroy();
        });
      });
      socket.on('data', (chunk: Buffer) => this.receive(chunk));
      socket.on('error', (error) => {
        if (!this.connected) {
          this.connecting = undefined;
          reject(error);
        }
        this.onerror?.(error);
      });
      socket.on('close', () => {
        const was = this.connected;
        this.connected = false;
        this.connecting = undefined;
        this.socket = undefined;
        this.buffer = Buffer.alloc(0);
        for (const p of this.pending.splice(0)) p.reject(new RedisError('Connection closed'));
        if (was || !this.closedByUs) this.onclose?.(this.closedByUs ? undefined : new RedisError('Connection closed'));
      });
    });
    return this.connecting;
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let at = 0;
    for (;;) {
      const reply = parse(this.buffer, at);
      if (!reply) break;
      at = reply.end;
      const waiter = this.pending.shift();
      if (!waiter) continue;
      if (reply.value instanceof Error) waiter.reject(reply.value);
      else waiter.resolve(reply.value);
    }
    this.buffer = at >= this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(at);
  }

  /** Sends one command; connects first if needed. Error replies reject; errors inside arrays stay values. */
  send(command: string, args: readonly unknown[] = []): Promise<any> {
    if (!this.connected || !this.socket) {
      if (this.closedByUs && !this.connecting) return Promise.reject(new RedisError('Connection closed'));
      return this.connect().then(() => this.send(command, args));
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket!.write(encode(command.toUpperCase(), args));
    });
  }

  close(): void {
    this.closedByUs = true;
    this.socket?.destroy();
  }
}
