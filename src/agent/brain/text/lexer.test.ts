import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isKnownWord } from '../lexicon/lexemes.js';
import { expandNameRange, lex } from './lexer.js';
import { normalizeText } from './normalize.js';

const shapes = (text: string) => lex(normalizeText(text), isKnownWord).map((token) => `${token.shape}:${token.text}`);

describe('lexer', () => {
  it('expands name ranges in every written form, keeping zero padding', () => {
    assert.deepEqual(expandNameRange('web-1..3'), ['web-1', 'web-2', 'web-3']);
    assert.deepEqual(expandNameRange('web-1..web-3'), ['web-1', 'web-2', 'web-3']);
    assert.deepEqual(expandNameRange('web-{1..3}'), ['web-1', 'web-2', 'web-3']);
    assert.deepEqual(expandNameRange('web-{1,2,3}'), ['web-1', 'web-2', 'web-3']);
    assert.deepEqual(expandNameRange('web-[1-3]'), ['web-1', 'web-2', 'web-3']);
    assert.deepEqual(expandNameRange('db-01..03'), ['db-01', 'db-02', 'db-03']);
    assert.equal(expandNameRange('web-3..1'), undefined);
    assert.equal(expandNameRange('t3.micro'), undefined);
  });

  it('tells ids, ARNs, CIDRs, addresses, types, zones, paths, ports and tags apart', () => {
    assert.deepEqual(shapes('i-0abc12345678 vol-0abc1234 10.0.0.0/16 198.51.100.7 t3.micro us-east-1a /healthz 8000-8080 tcp/443 80/udp env=prod'), [
      'id:i-0abc12345678', 'id:vol-0abc1234', 'cidr:10.0.0.0/16', 'ip:198.51.100.7', 'instance-type:t3.micro', 'az:us-east-1a',
      'path:/healthz', 'port-range:8000-8080', 'port-proto:tcp/443', 'port-proto:80/udp', 'tag-pair:env=prod',
    ]);
    assert.deepEqual(shapes('arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/1234'), ['arn:arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/1234']);
  });

  it('reads sizes in GiB, a terabyte as 1024', () => {
    const sizes = lex('100gb 1tb 50G', isKnownWord).map((token) => token.value);
    assert.deepEqual(sizes, [100, 1024, 50]);
  });

  it('keeps quoted names whole, with spaces and case, and splits punctuation off words', () => {
    assert.deepEqual(shapes('launch "My Box", then web-1.'), ['word:launch', 'quoted:My Box', 'punct:,', 'word:then', 'ident:web-1', 'punct:.']);
  });

  it('splits commas between names but not inside braces', () => {
    assert.deepEqual(shapes('web-1,web-2 web-{1,2}'), ['ident:web-1', 'punct:,', 'ident:web-2', 'name-range:web-{1,2}']);
  });

  it('spells contractions and possessives out, and keeps case', () => {
    assert.equal(normalizeText("What's Web-1's IP? Don't stop it"), 'what is Web-1 IP? do not stop it');
  });
});
