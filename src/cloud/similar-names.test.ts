import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, suggestNames, wildcardMatcher } from './similar-names.js';

describe('similar names', () => {
  it('measures edits', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('web-1', 'web-1'), 0);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('suggests typos and same-family names, best first, and leaves unrelated names out', () => {
    assert.deepEqual(suggestNames('api1', ['api-1', 'db-1', 'web-1']), ['api-1']);
    assert.deepEqual(suggestNames('web-99', ['web-10', 'web-2', 'web-1', 'db-1']), ['web-1', 'web-2', 'web-10']);
    assert.deepEqual(suggestNames('checkout', ['db-1', 'web-1']), []);
  });

  it('matches wildcards on whole names, case-insensitively, with regex characters taken literally', () => {
    const match = wildcardMatcher('web-*');
    assert.equal(match('WEB-12'), true);
    assert.equal(match('api-web-1'), false);
    assert.equal(wildcardMatcher('a.b?')('a.bc'), true);
    assert.equal(wildcardMatcher('a.b?')('axbc'), false);
  });
});
