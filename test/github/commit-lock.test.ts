import { describe, expect, it } from '@jest/globals';
import { CommitLock } from '../../src/github/commit-lock.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('CommitLock', () => {
  it('runs jobs for one commit one after the other, and in parallel across commits', async () => {
    const lock = new CommitLock();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
    };
    await Promise.all([lock.run('a', job('a1')), lock.run('a', job('a2')), lock.run('b', job('b1'))]);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
    expect(lock.size).toBe(0);
  });

  it('joins a further job to the one already waiting', async () => {
    const lock = new CommitLock();
    let runs = 0;
    const job = async () => {
      runs++;
      await tick();
    };
    await Promise.all([lock.run('a', job), lock.run('a', job), lock.run('a', job), lock.run('a', job)]);
    expect(runs).toBe(2);
  });

  it('goes on after a failed job', async () => {
    const lock = new CommitLock();
    const failed = lock.run('a', async () => {
      throw new Error('boom');
    });
    const next = lock.run('a', async () => undefined);
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBeUndefined();
  });
});
