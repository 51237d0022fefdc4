/**
 * The GitHub App: webhook events -> queued tasks -> reviews. Wiring only; the handlers enqueue
 * (src/github/events.ts), the queue's workers review (src/queue/), the work is in src/github/ (GitHub
 * I/O), src/detect/ (the engine) and src/report/ (what is published).
 */
import type { ApplicationFunction, ApplicationFunctionOptions, Probot } from 'probot';
import { createHandlers, type HandlerOptions } from './github/events.js';
import { webhookBodyLimit } from './github/webhook-body-limit.js';
import { createQueue, InlineQueue, queueLog, startQueue, type JobQueue } from './queue/index.js';

export const PULL_REQUEST_ACTIONS = ['opened', 'reopened', 'synchronize', 'ready_for_review'] as const;

export interface AppOptions extends HandlerOptions {
  /** The environment the app reads (queue, fingerprint key, webhook body limit); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The job queue: default from the environment (Redis when REDIS_URL is set, else SQLite in
   * DATA_DIR); 'inline' runs each review while the webhook waits (tests).
   */
  readonly queue?: JobQueue | 'inline';
}

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot, hooks?: Partial<ApplicationFunctionOptions>) => {
    const { queue: chosen, env = process.env, ...rest } = options;
    try {
      // Runs before the webhook middleware reads the body, in hosts that put an app's handlers first:
      // createNodeMiddleware, so src/server.ts and the tests; not Probot's own Server.
      hooks?.addHandler?.(webhookBodyLimit(env));
    } catch {
      // no HTTP server (probot.load in tests)
    }
    const fingerprintKey = options.fingerprintKey ?? env.SECRET_REVIEW_FINGERPRINT_KEY;
    const queue = chosen === 'inline' ? new InlineQueue(queueLog(app)) : (chosen ?? createQueue(env, { log: queueLog(app) }));
    startQueue(app, queue, { ...rest, ...(fingerprintKey ? { fingerprintKey } : {}) }, env);
    const on = createHandlers(queue);
    app.on(PULL_REQUEST_ACTIONS.map((action) => `pull_request.${action}` as const), on.pullRequest);
    app.on('push', on.push);
    app.on('check_suite.rerequested', on.checkSuite);
    app.on('check_run.rerequested', on.checkRun);
    app.on('check_run.requested_action', on.checkRunAction);
    app.on(['installation', 'installation_repositories'], on.installation);
  };
}

export default createApp();
