/**
 * Graceful shutdown hooks. On SIGTERM or SIGINT, src/server.ts stops taking HTTP requests, then runs
 * these hooks (last registered first, all bounded by one deadline) and exits. The job queue registers
 * one that stops taking jobs and finishes or hands back the ones in flight:
 *
 *     onShutdown('queue', () => queue.close());
 */
export type ShutdownHook = () => void | Promise<void>;

const hooks: { name: string; hook: ShutdownHook }[] = [];

/** Registers a hook; returns a function that removes it. */
export function onShutdown(name: string, hook: ShutdownHook): () => void {
  const entry = { name, hook };
  hooks.push(entry);
  return () => {
    const i = hooks.indexOf(entry);
    if (i >= 0) hooks.splice(i, 1);
  };
}

export interface ShutdownLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Runs every hook, last registered first; true when all finished within `timeoutMs`. */
export async function runShutdownHooks(log: ShutdownLog, timeoutMs = 8_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let clean = true;
  for (const { name, hook } of [...hooks].reverse()) {
    const left = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(hook),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`did not finish within ${timeoutMs} ms`)), Math.max(left, 0));
        }),
      ]);
      log.info({ hook: name }, 'shutdown hook done');
    } catch (error) {
      clean = false;
      log.error({ hook: name, err: error }, 'shutdown hook failed');
    } finally {
      clearTimeout(timer);
    }
  }
  return clean;
}
