import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { onDemandHourlyPrice, pricedInstanceTypes } from '../../src/cloud/prices.js';
import { INSTANCE_TYPES } from '../../src/gym/services/ec2/catalog/instance-types.js';

describe('the price table of the cloud layer', () => {
  it('prices every instance type the gym launches exactly as the gym catalogue does, and no other', () => {
    const mismatches = INSTANCE_TYPES
      .filter((spec) => onDemandHourlyPrice(spec.name) !== spec.onDemandPrice)
      .map((spec) => `${spec.name}: cloud ${onDemandHourlyPrice(spec.name)}, gym ${spec.onDemandPrice}`);
    assert.deepEqual(mismatches, []);
    assert.deepEqual(pricedInstanceTypes().sort(), INSTANCE_TYPES.map((spec) => spec.name).sort());
  });
});
