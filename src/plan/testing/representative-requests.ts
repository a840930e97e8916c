import { SAMPLE_IDS } from '../../cloud/testing/sample-inventory.js';
import type { Intent, IntentType, Target } from '../intent.js';

const named = <K extends Target['kind']>(kind: K, name: string) => ({ kind, selector: { by: 'name' as const, name } });
const instances = (...names: string[]) => ({ kind: 'instance' as const, selector: { by: 'names' as const, names } });

/**
 * Representative requests for every intent type, over the sample shop (src/cloud/testing): what tests
 * walk every builder with. The mapped type makes a new intent type a compile error here until it has examples.
 */
export const REPRESENTATIVE_REQUESTS: { readonly [T in IntentType]: readonly Extract<Intent, { type: T }>[] } = {
  'create-instances': [
    { type: 'create-instances', count: 2, names: ['web-4'] },
    { type: 'create-instances', count: 1, names: ['batch-1'], spot: true, extraVolumes: [{ sizeGiB: 20 }], publicIp: false, securityGroups: [named('security-group', 'web-sg')], network: named('subnet', 'public-a') },
  ],
  'create-load-balancer': [
    { type: 'create-load-balancer', name: 'front', instances: instances('web-1', 'web-2'), port: 80, protocol: 'HTTP', loadBalancerType: 'application' },
    { type: 'create-load-balancer', instances: { type: 'create-instances', count: 2, names: ['app-1'], network: named('vpc', 'main') }, port: 8080, protocol: 'TCP', loadBalancerType: 'network' },
  ],
  'create-vpc': [
    { type: 'create-vpc', name: 'lab', subnetCount: 2, publicSubnets: true },
    { type: 'create-vpc', subnetCount: 1, publicSubnets: false },
  ],
  'create-subnet': [{ type: 'create-subnet', name: 'public-c', vpc: named('vpc', 'main'), public: true }],
  'create-security-group': [{ type: 'create-security-group', name: 'api-sg', vpc: named('vpc', 'main'), rules: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' }] }],
  'change-ports': [
    { type: 'change-ports', action: 'open', target: named('security-group', 'web-sg'), rules: [{ protocol: 'tcp', fromPort: 8080, toPort: 8080, cidr: '10.0.0.0/16' }] },
    { type: 'change-ports', action: 'close', target: named('security-group', 'web-sg'), rules: [{ protocol: 'tcp', fromPort: 80, toPort: 80, cidr: '0.0.0.0/0' }] },
  ],
  'create-volume': [
    { type: 'create-volume', name: 'scratch', volume: { sizeGiB: 10 } },
    { type: 'create-volume', volume: { sizeGiB: 10 }, attachTo: named('instance', 'web-3') },
  ],
  'attach-volume': [
    { type: 'attach-volume', instance: named('instance', 'web-1'), volume: { sizeGiB: 50, volumeType: 'gp3' } },
    { type: 'attach-volume', instance: named('instance', 'web-2'), volume: named('volume', 'logs') },
  ],
  'detach-volume': [{ type: 'detach-volume', volume: named('volume', 'api-data') }],
  'allocate-address': [{ type: 'allocate-address', instance: named('instance', 'web-1') }, { type: 'allocate-address', name: 'spare' }],
  'release-address': [{ type: 'release-address', address: named('elastic-ip', 'api-ip') }],
  'instance-power': (['stop', 'start', 'reboot', 'terminate'] as const).map((action) => ({ type: 'instance-power' as const, action, targets: instances('web-1', 'db-1') })),
  resize: [{ type: 'resize', targets: instances('web-1', 'web-2'), instanceType: 't3.large' }],
  'set-monitoring': [{ type: 'set-monitoring', targets: instances('web-1'), enabled: true }],
  tag: [
    { type: 'tag', targets: instances('web-1'), tags: { env: 'prod', Name: 'web-one' } },
    { type: 'tag', targets: instances('web-2', 'web-3'), tags: {}, removeKeys: ['Name'] },
    { type: 'tag', targets: named('load-balancer', 'shop-lb'), tags: { team: 'shop' } },
  ],
  'set-market': [
    { type: 'set-market', targets: instances('api-1'), market: 'spot' },
    { type: 'set-market', targets: instances('web-1', 'api-1'), market: 'spot' },
  ],
  'target-membership': [
    { type: 'target-membership', action: 'add', instances: instances('web-3'), group: named('load-balancer', 'shop-lb') },
    { type: 'target-membership', action: 'remove', instances: instances('web-1'), group: named('target-group', 'shop-tg') },
  ],
  delete: [
    { type: 'delete', targets: { kind: 'volume', selector: { by: 'names', names: ['logs', 'api-data'] } } },
    { type: 'delete', targets: named('load-balancer', 'shop-lb') },
    { type: 'delete', targets: { kind: 'internet-gateway', selector: { by: 'id', id: SAMPLE_IDS.igw } } },
    { type: 'delete', targets: named('security-group', 'lb-sg') },
    { type: 'delete', targets: named('key-pair', 'deploy') },
    { type: 'delete', targets: named('instance', 'web-3') },
    { type: 'delete', targets: named('elastic-ip', 'api-ip') },
  ],
  query: [{ type: 'query', question: 'graph' }, { type: 'query', question: 'status', targets: named('instance', 'web-1') }],
  // Planned from a drift report by src/ops/drift/restore-plan.ts, never by the builder: no request to walk.
  'restore-drift': [],
};

