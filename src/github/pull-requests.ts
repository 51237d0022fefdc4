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
