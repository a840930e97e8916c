import assert from 'node:assert/strict';

/** Asserts that `run` throws an AWS error with this code (and, if given, a message matching `message`). */
export function rejects(run: () => unknown, code: string, message?: RegExp): void {
  assert.throws(run, (error: { code?: string; message?: string }) => {
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message ?? '', message);
    return true;
  });
}
