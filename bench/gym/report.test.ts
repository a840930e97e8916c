import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateTargets, type ScenarioResult, type ServerFigures } from './report.js';
import { formatTable, percentile, summarize } from './stats.js';

function figures(requestsPerSecond: number, p50Ms = 1, errors = 0): ServerFigures {
  return { requestsPerSecond, p50Ms, p99Ms: p50Ms * 2, maxMs: p50Ms * 3, requests: 100, errors, seconds: 5, connections: 8, residentMegabytes: 50 };
}

function scenario(id: string, servers: Record<string, ServerFigures>, largeWorld = false): ScenarioResult {
  return { id, operation: id, world: 'w', largeWorld, servers };
}

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    assert.equal(percentile(samples, 0.5), 50);
    assert.equal(percentile(samples, 0.99), 99);
    assert.deepEqual(summarize([3, 1, 2]), { p50Ms: 2, p99Ms: 3, maxMs: 3 });
    assert.ok(Number.isNaN(percentile([], 0.5)));
  });

  it('aligns numbers right and text left', () => {
    assert.equal(formatTable(['name', 'rate'], [['a', '5 ms'], ['bbb', '10 ms']]), 'name   rate\n----  -----\na      5 ms\nbbb   10 ms');
  });
});

describe('bench targets', () => {
  it('compares with moto measured in the same run, and with the quoted figure when moto is absent', () => {
    const coldStart = { gym: { medianMs: 250, runsMs: [250], residentMegabytes: 60 } };
    const targets = evaluateTargets(coldStart, [
      scenario('describe-vpcs', { gym: figures(1000), moto: figures(250) }),
      scenario('run-instances', { gym: figures(700) }),
      scenario('describe-instances-by-name', { gym: figures(900, 6) }, true),
    ]);
    assert.deepEqual(targets.map((target) => [target.name, target.met]), [
      ['gym cold start to first answer', true],
      ['describe-vpcs throughput vs moto', false],
      ['run-instances throughput vs moto', false],
      ['describe-instances-by-name p50 (w)', false],
    ]);
    assert.match(targets[1]!.measured, /^4\.0x \(1000 vs 250 req\/s\)$/);
    assert.match(targets[2]!.goal, /reference figure/);
  });

  it('does not count a run with errors as meeting its target', () => {
    const [target] = evaluateTargets({}, [scenario('describe-vpcs', { gym: figures(10_000, 1, 3), moto: figures(100) })]);
    assert.equal(target!.met, false);
  });
});
