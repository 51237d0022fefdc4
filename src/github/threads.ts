/**
 * Marking comment threads fixed when a later push removed their secret: resolved through GraphQL
 * (one query for the threads, one mutation for all of them), or, where that is refused (an older
 * GitHub Enterprise Server, a missing permission), a short reply naming the commit.
 */
import { renderFixedReply } from '../report/review.js';
import type { Job } from './job.js';
import type { AppOctokit } from './octokit.js';

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

interface ThreadPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: { id: string; isResolved: boolean; comments: { nodes: { databaseId: number | null }[] } }[];
      };
    } | null;
  } | null;
}

const THREADS_QUERY = `query ($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved comments(first: 1) { nodes { databaseId } } }
      }
    }
  }
}`;

/** Pages of 100 threads read at most (a pull request with more is rare; the rest get replies). */
const MAX_THREAD_PAGES = 10;

/** Thread ids by the database id of their first comment, with their resolved state. */
async function threadsByComment(octokit: AppOctokit, job: Job, number: number): Promise<Map<number, { id: string; isResolved: boolean }>> {
  const threads = new Map<number, { id: string; isResolved: boolean }>();
  let cursor: string | null = null;
  for (let page = 0; page < MAX_THREAD_PAGES; page++) {
    const data: ThreadPage = await octokit.graphql<ThreadPage>(THREADS_QUERY, {
      owner: job.repository.owner,
      repo: job.repository.repo,
      number,
      cursor,
    });
    const list = data.repository?.pullRequest?.reviewThreads;
    if (!list) break;
    for (const node of list.nodes) {
      const first = node.comments.nodes[0]?.databaseId;
      if (typeof first === 'number') threads.set(first, { id: node.id, isResolved: node.isResolved });
    }
    if (!list.pageInfo.hasNextPage) break;
    cursor = list.pageInfo.endCursor;
  }
  return threads;
}

/** Resolves the threads started by `commentIds`; falls back to a reply on each. */
export async function markFixed(
  octokit: AppOctokit,
  job: Job,
  number: number,
  commentIds: readonly number[],
  alreadyReplied: ReadonlySet<number>,
  log: Log,
): Promise<{ resolved: number; replied: number }> {
  if (commentIds.length === 0) return { resolved: 0, replied: 0 };
  try {
    const threads = await threadsByComment(octokit, job, number);
    const open = commentIds.map((id) => threads.get(id)).filter((t): t is { id: string; isResolved: boolean } => !!t && !t.isResolved);
    if (open.length > 0) {
      const variables: Record<string, string> = {};
      const fields = open.map((t, i) => {
        variables[`t${i}`] = t.id;
        return `r${i}: resolveReviewThread(input: { threadId: $t${i} }) { thread { id isResolved } }`;
      });
      const params = open.map((_, i) => `$t${i}: ID!`).join(', ');
      await octokit.graphql(`mutation (${params}) {\n  ${fields.join('\n  ')}\n}`, variables);
    }
    log.info({ resolved: open.length }, 'resolved threads of fixed secrets');
    return { resolved: open.length, replied: 0 };
  } catch (error) {
    log.warn({ reason: (error as Error).message }, 'could not resolve threads; replying instead');
  }
  let replied = 0;
  for (const id of commentIds) {
    if (alreadyReplied.has(id)) continue;
    await octokit.rest.pulls.createReplyForReviewComment({
      owner: job.repository.owner,
      repo: job.repository.repo,
      pull_number: number,
      comment_id: id,
      body: renderFixedReply(job.headSha),
    });
    replied++;
  }
  return { resolved: 0, replied };
}
