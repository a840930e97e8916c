import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { onDemandHourlyPrice } from './prices.js';

describe('onDemandHourlyPrice', () => {
  it('gives AWS us-east-1 Linux on-demand prices per hour', () => {
    assert.equal(onDemandHourlyPrice('t3.micro'), 0.0104);
    assert.equal(onDemandHourlyPrice('m5.4xlarge'), 0.768);
    assert.equal(onDemandHourlyPrice('r6g.large'), 0.1008);
  });

  it('knows nothing of types outside its table, including names that look like object keys', () => {
    for (const name of ['x9.huge', 't3', 'constructor.name', 'toString.length', '']) assert.equal(onDemandHourlyPrice(name), undefined, name);
  });
});
