import type { Intent } from '../../../plan/intent.js';
import type { BrainContext } from '../brain.js';

/** One task of the phrasing corpus: the intent every phrasing must produce, exactly. */
export interface CorpusCase {
  readonly task: string;
  readonly expected: Intent;
  readonly phrasings: readonly string[];
}

/** A request that must not produce a change intent: gibberish, questions, negations, ambiguity. */
export interface NegativeCase {
  readonly request: string;
  /** What it must produce instead: a question back, "not understood", or (for questions) a query. */
  readonly outcome: 'clarify' | 'not-understood' | 'query';
}

const lbArn = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/shop-lb/0123456789abcdef';
const tgArn = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/shop-tg/0123456789abcdef';

/** The cloud the corpus is read against: a small shop with web servers, an API, a bastion and a load balancer. */
export const CORPUS_CONTEXT: BrainContext = {
  resources: [
    { kind: 'instance', id: 'i-0aaa000000000001', name: 'web-1', instanceType: 't3.micro' },
    { kind: 'instance', id: 'i-0aaa000000000002', name: 'web-2', instanceType: 't3.micro' },
    { kind: 'instance', id: 'i-0aaa000000000003', name: 'web-3', instanceType: 't3.micro' },
    { kind: 'instance', id: 'i-0aaa000000000004', name: 'api-1', instanceType: 'm5.large' },
    { kind: 'instance', id: 'i-0aaa000000000005', name: 'bastion', instanceType: 't3.nano' },
    { kind: 'vpc', id: 'vpc-0aaa000000000001', name: 'prod' },
    { kind: 'vpc', id: 'vpc-0aaa000000000002', name: undefined },
    { kind: 'subnet', id: 'subnet-0aaa000000000001', name: 'prod-a' },
    { kind: 'subnet', id: 'subnet-0aaa000000000002', name: 'prod-b' },
    { kind: 'security-group', id: 'sg-0aaa000000000001', name: 'web-sg' },
    { kind: 'security-group', id: 'sg-0aaa000000000002', name: 'default' },
    { kind: 'load-balancer', id: lbArn, name: 'shop-lb' },
    { kind: 'target-group', id: tgArn, name: 'shop-tg' },
    { kind: 'volume', id: 'vol-0aaa000000000001', name: 'data-1' },
    { kind: 'elastic-ip', id: 'eipalloc-0aaa000000000001', name: 'ops-ip' },
    { kind: 'key-pair', id: 'key-0aaa000000000001', name: 'ops-key' },
  ],
};
