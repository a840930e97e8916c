import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceModel } from '../models/service-model.js';
import { XmlWriter } from './xml-output.js';

// A small model with the layouts AWS's XML protocols use: wrapped and flattened lists, wrapped and
// flattened maps, renamed members, a recursive structure and every scalar type.
const model = new ServiceModel({
  metadata: { apiVersion: '2020-01-01', endpointPrefix: 'test', protocol: 'query', serviceId: 'Test' },
  operations: { Describe: { output: { shape: 'Output' } } },
  shapes: {
    Output: {
      type: 'structure',
      members: {
        Name: { shape: 'String', locationName: 'name' },
        Items: { shape: 'ItemList' },
        Flat: { shape: 'FlatList', locationName: 'flat' },
        Labels: { shape: 'LabelMap' },
        FlatLabels: { shape: 'FlatMap' },
        Node: { shape: 'Node' },
        Count: { shape: 'Integer' },
        Ratio: { shape: 'Double' },
        Enabled: { shape: 'Boolean' },
        When: { shape: 'Timestamp' },
        Data: { shape: 'Blob' },
      },
    },
    ItemList: { type: 'list', member: { shape: 'String', locationName: 'item' } },
    FlatList: { type: 'list', member: { shape: 'String' }, flattened: true },
    LabelMap: { type: 'map', key: { shape: 'String' }, value: { shape: 'String' } },
    FlatMap: { type: 'map', key: { shape: 'String', locationName: 'k' }, value: { shape: 'String', locationName: 'v' }, flattened: true },
    Node: { type: 'structure', members: { Id: { shape: 'String' }, Child: { shape: 'Node' } } },
    String: { type: 'string' },
    Integer: { type: 'integer' },
    Double: { type: 'double' },
    Boolean: { type: 'boolean' },
    Timestamp: { type: 'timestamp' },
    Blob: { type: 'blob' },
  },
});

function encode(value: Record<string, unknown>): string {
  const writer = new XmlWriter();
  writer.structure(model.operation('Describe')!.output!, value);
  return writer.text;
}

describe('XmlWriter', () => {
  it('lays out lists, maps, renamed members and nested structures as the model says', () => {
    const xml = encode({
      Name: 'a&b',
      Items: ['x', 'y'],
      Flat: ['p', 'q'],
      Labels: { env: 'prod' },
      FlatLabels: { team: 'web' },
      Node: { Id: 'root', Child: { Id: 'leaf' } },
    });
    assert.equal(
      xml,
      '<name>a&amp;b</name><Items><item>x</item><item>y</item></Items><flat>p</flat><flat>q</flat>' +
        '<Labels><entry><key>env</key><value>prod</value></entry></Labels>' +
        '<FlatLabels><k>team</k><v>web</v></FlatLabels>' +
        '<Node><Id>root</Id><Child><Id>leaf</Id></Child></Node>',
    );
  });

  it('writes every scalar type, keeps falsy values and skips absent ones', () => {
    const when = Date.UTC(2030, 0, 2, 3, 4, 5);
    const xml = encode({ Name: undefined, Items: [], Count: 0, Ratio: 1.5, Enabled: false, When: when, Data: Buffer.from('hi'), Node: null });
    assert.equal(xml, '<Items/><Count>0</Count><Ratio>1.5</Ratio><Enabled>false</Enabled><When>2030-01-02T03:04:05.000Z</When><Data>aGk=</Data>');
  });

  it('gives the same text for the same value every time, whatever was encoded in between', () => {
    const value = { Name: 'n', When: new Date(Date.UTC(2024, 5, 1)), Node: { Id: 'a' } };
    const first = encode(value);
    for (let second = 0; second < 5000; second++) encode({ When: new Date(Date.UTC(2024, 0, 1) + second * 1000) });
    assert.equal(encode(value), first);
    assert.match(encode({ When: new Date(Date.UTC(2024, 0, 1, 0, 0, 1)) }), /<When>2024-01-01T00:00:01\.000Z<\/When>/);
    assert.throws(() => encode({ When: 'not a time' }), RangeError);
  });
});
