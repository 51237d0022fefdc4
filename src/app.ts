/**
 * The GitHub App: webhook events -> reviews. Wiring only; the work is in src/github/ (GitHub I/O),
 * src/detect/ (the engine) and src/report/ (what is published).
 */
import type { ApplicationFunction, Probot } from 'probot';
import { createHandlers, type HandlerOptions } from './github/events.js';

export const PULL_REQUEST_ACTIONS = ['opened', 'reopened', 'synchronize', 'ready_for_review'] as const;

export function createApp(options: HandlerOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const fingerprintKey = options.fingerprintKey ?? process.env.SECRET_REVIEW_FINGERPRINT_KEY;
    const on = createHandlers(app, { ...options, ...(fingerprintKey ? { fingerprintKey } : {}) });
    app.on(PULL_REQUEST_ACTIONS.map((action) => `pull_request.${action}` as const), on.pullRequest);
    app.on('push', on.push);
    app.on('check_suite.rerequested', on.checkSuite);
    app.on('check_run.rerequested', on.checkRun);
    app.on('check_run.requested_action', on.checkRunAction);
    app.on(['installation', 'installation_repositories'], on.installation);
  };
}

export default createApp();
