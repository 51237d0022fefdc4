/** Shutdown hooks: last registered first, a failing or hanging hook does not stop the others. */
import { describe, expect, it } from '@jest/globals';
import { onShutdown, runShutdownHooks } from '../../src/observability/lifecycle.js';

describe('shutdown hooks', () => {
  it('runs hooks last registered first and reports a clean stop', async () => {
    const order: string[] = [];
    const log = { info: (obj: object) => void order.push(`done ${(obj as { hook: string }).hook}`), error: () => {} };
    const removeA = onShutdown('a', () => void order.push('a'));
    const removeB = onShutdown('b', async () => void order.push('b'));
    expect(await runShutdownHooks(log, 1000)).toBe(true);
    expect(order).toEqual(['b', 'done b', 'a', 'done a']);
    removeA();
    removeB();
  });

  it('goes on past a failing or hanging hook and reports an unclean stop', async () => {
    const ran: string[] = [];
    const errors: string[] = [];
    const log = { info: () => {}, error: (obj: object) => void errors.push((obj as { hook: string }).hook) };
    const removals = [
      onShutdown('last', () => void ran.push('last')),
      onShutdown('hangs', () => new Promise<void>(() => {})),
      onShutdown('fails', () => Promise.reject(new Error('no'))),
    ];
    expect(await runShutdownHooks(log, 100)).toBe(false);
    expect(errors).toEqual(['fails', 'hangs']);
    expect(ran).toEqual(['last']);
    for (const remove of removals) remove();
  });
});
