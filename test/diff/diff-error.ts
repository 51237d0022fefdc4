import { expect } from '@jest/globals';
import { DiffError } from '../../src/diff/index.js';

/** Runs `fn` and returns the DiffError it throws (fails the test if it throws nothing else). */
export function diffErrorOf(fn: () => unknown): DiffError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DiffError);
    return error as DiffError;
  }
  throw new Error('expected a DiffError');
}
