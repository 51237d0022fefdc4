/**
 * The app's logger: pino, JSON lines on stdout, every line through the redaction layer (redact.ts)
 * before it is written, whatever the level, the call site or the child bindings. Probot and its
 * HTTP logger (pino-http) get this logger, so their lines pass through it too.
 *
 * Two layers: pino's own `redact` paths censor known credential fields before serialisation, and the
 * destination scrubs the serialised line (field names, the deployment's secrets, and whatever the
 * detection engine finds in any string: message, error stack, bindings). The second layer is the
 * guarantee; the first keeps the obvious cases cheap.
 */
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { createScrubber, knownSecretsFromEnv, REDACTED, type Scrubber } from './redact.js';

export interface LoggerOptions {
  /** LOG_LEVEL: trace, debug, info, warn, error, fatal, silent (default info) */
  readonly level?: string;
  /** where lines go (default stdout) */
  readonly destination?: DestinationStream | { write(line: string): unknown };
  /** secrets to redact wherever they appear, besides the engine's findings (default: from the environment) */
  readonly knownSecrets?: readonly string[];
  /** LOG_MESSAGE_KEY (default "msg") */
  readonly messageKey?: string;
  /** LOG_LEVEL_IN_STRING=true: "level":"info" instead of "level":30 */
  readonly levelInString?: boolean;
  readonly name?: string;
}

/** Paths pino censors before serialising (the destination scrubs everything else). */
export const REDACT_PATHS = [
  'headers.authorization',
  'headers.cookie',
  'headers["x-hub-signature-256"]',
  'headers["x-hub-signature"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-hub-signature"]',
  'request.headers.authorization',
  'err.request.headers.authorization',
  'err.response.headers.authorization',
  'privateKey',
  '*.privateKey',
  'secret',
  '*.secret',
  'webhookSecret',
  '*.webhookSecret',
  'token',
  '*.token',
  'password',
  '*.password',
];

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

/** A writable that scrubs each serialised line before passing it on. */
export function scrubbingDestination(next: { write(line: string): unknown }, scrubber: Scrubber): { write(line: string): void } {
  return {
    write(line: string) {
      let safe: string;
      try {
        safe = scrubber.line(line);
      } catch {
        safe = JSON.stringify({ level: 50, time: Date.now(), msg: `${REDACTED} (a log line could not be scrubbed and was dropped)` }) + '\n';
      }
      next.write(safe);
    },
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level && LEVELS.has(options.level) ? (options.level as Level | 'silent') : 'info';
  const scrubber = createScrubber(options.knownSecrets ?? knownSecretsFromEnv());
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level,
      name: options.name ?? 'secret-review',
      messageKey: options.messageKey ?? 'msg',
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      ...(options.levelInString ? { formatters: { level: (label: string) => ({ level: label }) } } : {}),
    },
    scrubbingDestination(destination, scrubber),
  );
}

/**
 * The logger `npm start` runs with, from LOG_LEVEL, LOG_MESSAGE_KEY and LOG_LEVEL_IN_STRING. Always
 * JSON: LOG_FORMAT=pretty is not honoured (pipe through `npx pino-pretty` to read logs by eye).
 */
export function loggerFromEnv(env: NodeJS.ProcessEnv = process.env): Logger {
  return createLogger({
    ...(env.LOG_LEVEL ? { level: env.LOG_LEVEL } : {}),
    ...(env.LOG_MESSAGE_KEY ? { messageKey: env.LOG_MESSAGE_KEY } : {}),
    ...(env.LOG_LEVEL_IN_STRING === 'true' ? { levelInString: true } : {}),
    knownSecrets: knownSecretsFromEnv(env),
  });
}
