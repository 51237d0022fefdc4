/**
 * Who the app is on GitHub: its id (to find its own check runs) and its bot login (to find its own
 * comments). Read once with the app's JWT (`GET /app`) and kept; a failed read is retried next time.
 */
import type { Probot } from 'probot';

export interface AppIdentity {
  readonly id: number;
  readonly slug: string;
  /** the login its comments carry, e.g. `secret-review[bot]` */
  readonly botLogin: string;
}

export function identityLoader(app: Pick<Probot, 'auth'>): () => Promise<AppIdentity> {
  let cached: Promise<AppIdentity> | undefined;
  return () => {
    cached ??= (async () => {
      const octokit = await app.auth();
      const { data } = await octokit.rest.apps.getAuthenticated();
      if (!data) throw new Error('GitHub did not describe the app (GET /app)');
      const slug = data.slug ?? String(data.id);
      return { id: data.id, slug, botLogin: `${slug}[bot]` };
    })().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}
