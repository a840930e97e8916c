import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitModelText } from './lazy-members.js';
import { modelDirectory, ServiceModel } from './service-model.js';

const model = {
  version: '2.0',
  metadata: { apiVersion: '2020-01-01', protocol: 'query', note: 'text with "quotes", braces {} and \\n' },
  operations: {
    First: { input: { type: 'structure', members: { Name: { shape: 'S' } } } },
    Second: { output: { shape: 'S' } },
  },
  shapes: { S: { type: 'string', enum: ['a', 'b'] }, Empty: { type: 'structure', members: {} } },
  paginators: {},
};

describe('splitModelText', () => {
  it('serves the same operations, shapes and metadata as parsing the whole text', () => {
    const split = splitModelText(JSON.stringify(model, null, 2))!;
    assert.ok(split);
    assert.deepEqual(split.operations.keys(), ['First', 'Second']);
    assert.deepEqual(split.shapes.keys(), ['S', 'Empty']);
    assert.deepEqual(split.operations.get('First'), model.operations.First);
    assert.deepEqual(split.operations.get('Second'), model.operations.Second);
    assert.deepEqual(split.shapes.get('Empty'), model.shapes.Empty);
    assert.equal(split.operations.get('First'), split.operations.get('First'), 'parsed once, then the same object');
    assert.equal(split.operations.get('Missing'), undefined);
    assert.deepEqual(split.rest, { version: '2.0', metadata: model.metadata, operations: {}, shapes: {}, paginators: {} });
  });

  it('handles empty sections and gives up on any other layout (the caller then parses it whole)', () => {
    const empty = splitModelText(JSON.stringify({ metadata: {}, operations: {}, shapes: {}, examples: { X: [] } }, null, 2))!;
    assert.deepEqual([empty.operations.keys(), empty.shapes.keys()], [[], []]);
    assert.equal(splitModelText(JSON.stringify(model)), undefined);
    assert.equal(splitModelText(JSON.stringify(model, null, 4)), undefined);
  });

  it('matches a whole parse for the EC2 model the gym loads', () => {
    const text = readFileSync(join(modelDirectory(), 'ec2-2016-11-15.min.json'), 'utf8');
    const whole = JSON.parse(text) as { operations: Record<string, unknown> };
    const split = splitModelText(text)!;
    assert.deepEqual(split.operations.keys(), Object.keys(whole.operations));
    for (const name of ['RunInstances', 'DescribeInstances', 'CreateTags']) assert.deepEqual(split.operations.get(name), whole.operations[name]);
    const loaded = ServiceModel.load('ec2-2016-11-15');
    assert.equal(loaded.metadata.protocol, 'ec2');
    assert.ok(loaded.operation('RunInstances')!.input!.required.has('MinCount'));
  });
});
