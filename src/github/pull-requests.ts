/** Finding the open pull request a commit heads, for pushes and re-runs. */
import type { ListedPullRequest, Repository } from './job.js';
import type { AppOctokit } from './octokit.js';

export async function openPullRequestFor(
  octokit: AppOctokit,
  repository: Pick<Repository, 'owner' | 'repo'>,
  sha: string,
): Promise<ListedPullRequest | undefined> {
  const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
    owner: repository.owner,
    repo: repository.repo,
    commit_sha: sha,
    per_page: 100,
  });
  return data
    .filter((pr) => pr.state === 'open' && pr.head.sha === sha)
    .sort((a, b) => a.number - b.number)[0];
}

/** A pull request by number, if it is open and still heads `sha`. */
export async function openPullRequestByNumber(
  octokit: AppOctokit,
  repository: Pick<Repository, 'owner' | 'repo'>,
  number: number,
  sha: string,
): Promise<ListedPullRequest | undefined> {
  const { data } = await octokit.rest.pulls.get({ owner: repository.owner, repo: repository.repo, pull_number: number });
  return data.state === 'open' && data.head.sha === sha ? data : undefined;
}
