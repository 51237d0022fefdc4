/**
 * `npm start`: the app behind Probot's server, configured by Probot's environment (APP_ID, PRIVATE_KEY
 * or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, LOG_LEVEL, LOG_FORMAT, WEBHOOK_PATH, GHE_HOST,
 * GHE_PROTOCOL, WEBHOOK_PROXY_URL; a `.env` file overrides them, as Probot does). Without APP_ID and a
 * private key (outside production) Probot's setup flow registers the app from app.yml.
 *
 * Refuses to start in production without a webhook secret: Probot would silently accept every payload
 * signed with its well-known default, "development".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';
import { run } from 'probot';
import app from './app.js';
import { createAppOctokit } from './github/octokit.js';

/** What is wrong with the environment for starting, or undefined. */
export function environmentProblem(env: NodeJS.ProcessEnv): string | undefined {
  if (env.NODE_ENV !== 'production') return undefined;
  const secret = env.WEBHOOK_SECRET;
  if (!secret) return 'WEBHOOK_SECRET is not set: refusing to start in production without a webhook secret (Probot would accept payloads signed with its default, "development").';
  if (secret === 'development') return 'WEBHOOK_SECRET is Probot\'s well-known default "development": set a real secret (the one in the GitHub App\'s settings).';
  return undefined;
}

/** The environment as Probot will see it: `.env` in the working directory overrides process.env. */
export function effectiveEnvironment(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): NodeJS.ProcessEnv {
  let text: string;
  try {
    text = readFileSync(join(cwd, '.env'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return env;
    throw error;
  }
  return { ...env, ...parseEnv(text) };
}

export async function main(): Promise<void> {
  const problem = environmentProblem(effectiveEnvironment());
  if (problem) {
    console.error(`secret-review: ${problem}`);
    process.exitCode = 1;
    return;
  }
  const server = await run(app, { Octokit: createAppOctokit() });
  const stop = async () => {
    try {
      await server.stop();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void stop());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
