import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TYPO_KEYWORDS } from '../lexicon/lexemes.js';
import { correctTypo, editDistance } from './typos.js';

describe('typo correction', () => {
  it('measures edits, counting a swap of neighbours as one', () => {
    assert.equal(editDistance('instnace', 'instance', 2), 1);
    assert.equal(editDistance('stop', 'stop', 1), 0);
    assert.equal(editDistance('kitten', 'sitting', 5), 3);
    assert.equal(editDistance('a', 'abcdef', 2), 3, 'stops early past the limit');
  });

  it('corrects common slips to the keyword meant', () => {
    const cases: Record<string, string> = {
      instnace: 'instance', terminte: 'terminate', lauch: 'launch', stpo: 'stop', rebooot: 'reboot', moniter: 'monitor',
      atach: 'attach', subent: 'subnet', balancre: 'balancer', pubilc: 'public',
    };
    for (const [typo, meant] of Object.entries(cases)) assert.equal(correctTypo(typo, TYPO_KEYWORDS), meant, typo);
  });

  it('leaves short real words alone: "shop" is not "stop"', () => {
    assert.equal(correctTypo('shop', TYPO_KEYWORDS), undefined);
    assert.equal(correctTypo('top', TYPO_KEYWORDS), undefined);
    assert.equal(correctTypo('qwerty', TYPO_KEYWORDS), undefined);
  });
});
