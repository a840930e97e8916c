import {
  allResources, type AnyResourceView, type InstanceView, type Inventory, type ListenerView, type LoadBalancerView, type SecurityGroupView, type SubnetView, type TargetGroupView, type VolumeView,
} from '../inventory.js';

/** Ids of the sample world, for tests to refer to without copying strings. */
export const SAMPLE_IDS = {
  defaultVpc: 'vpc-0d0000000000000d1',
  defaultSubnetA: 'subnet-0d00000000000000a',
  defaultSubnetB: 'subnet-0d00000000000000b',
  defaultIgw: 'igw-0d000000000000001',
  defaultRouteTable: 'rtb-0d000000000000001',
  defaultSecurityGroup: 'sg-0d000000000000001',
  vpc: 'vpc-0a1b2c3d4e5f60001',
  publicA: 'subnet-0a1b2c3d4e5f6000a',
  publicB: 'subnet-0a1b2c3d4e5f6000b',
  igw: 'igw-0a1b2c3d4e5f60001',
  mainRouteTable: 'rtb-0a1b2c3d4e5f60001',
  publicRouteTable: 'rtb-0a1b2c3d4e5f60002',
  mainVpcDefaultSg: 'sg-0a1b2c3d4e5f60000',
  webSg: 'sg-0a1b2c3d4e5f60001',
  lbSg: 'sg-0a1b2c3d4e5f60002',
  keyPair: 'key-0a1b2c3d4e5f60001',
  web1: 'i-0a1b2c3d4e5f60001',
  web2: 'i-0a1b2c3d4e5f60002',
  web3: 'i-0a1b2c3d4e5f60003',
  api1: 'i-0a1b2c3d4e5f60004',
  db1: 'i-0a1b2c3d4e5f60005',
  old1: 'i-0a1b2c3d4e5f60006',
  web1Root: 'vol-0a1b2c3d4e5f60001',
  api1Root: 'vol-0a1b2c3d4e5f60004',
  apiData: 'vol-0a1b2c3d4e5f60010',
  logs: 'vol-0a1b2c3d4e5f60011',
  apiIp: 'eipalloc-0a1b2c3d4e5f60001',
  loadBalancer: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop-lb/50dc6c495c0c9188',
  targetGroup: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-tg/73e2d6bc24d8a067',
  listener: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop-lb/50dc6c495c0c9188/f2f7dc8efc522ab2',
} as const;

const ids = SAMPLE_IDS;

function subnet(id: string, vpcId: string, name: string | undefined, cidrBlock: string, availabilityZone: string, isDefault: boolean): SubnetView {
  return { kind: 'subnet', id, name, tags: name ? { Name: name } : {}, vpcId, cidrBlock, availabilityZone, defaultForAz: isDefault, mapPublicIpOnLaunch: true, availableIpAddressCount: 250 };
}

function securityGroup(id: string, vpcId: string, groupName: string, ports: readonly number[]): SecurityGroupView {
  return {
    kind: 'security-group', id, name: groupName, tags: {}, groupName, description: `${groupName} group`, vpcId,
    rules: [
      ...ports.map((port) => ({ direction: 'ingress' as const, protocol: 'tcp', fromPort: port, toPort: port, source: '0.0.0.0/0', description: undefined, ruleId: undefined })),
      { direction: 'egress', protocol: '-1', fromPort: undefined, toPort: undefined, source: '0.0.0.0/0', description: undefined, ruleId: undefined },
    ],
  };
}

function instance(id: string, name: string, options: Partial<InstanceView> & { subnetId: string; availabilityZone: string }): InstanceView {
  return {
    kind: 'instance', id, name, tags: { Name: name },
    state: 'running', instanceType: 't3.micro', imageId: 'ami-0c02fb55956c7d316', architecture: 'x86_64',
    vpcId: ids.vpc, privateIpAddress: '10.0.1.10', publicIpAddress: undefined, securityGroupIds: [ids.webSg],
    keyName: 'deploy', monitoring: 'disabled', lifecycle: 'on-demand', spotInstanceRequestId: undefined,
    rootDeviceName: '/dev/xvda', volumes: [], launchTime: '2026-11-01T09:00:00.000Z', terminationProtected: undefined,
    metadataHttpTokens: 'required', metadataHttpEndpoint: 'enabled',
    ...options,
  };
}

function volume(id: string, name: string | undefined, sizeGiB: number, attachment: VolumeView['attachment'], availabilityZone = 'us-east-1a'): VolumeView {
  return {
    kind: 'volume', id, name, tags: name ? { Name: name } : {}, sizeGiB, volumeType: 'gp3', iops: 3000,
    state: attachment ? 'in-use' : 'available', availabilityZone, encrypted: false, attachment,
  };
}

const loadBalancer: LoadBalancerView = {
  kind: 'load-balancer', id: ids.loadBalancer, name: 'shop-lb', tags: {}, type: 'application', scheme: 'internet-facing', state: 'active',
  dnsName: 'shop-lb-1234567890.us-east-1.elb.amazonaws.com', vpcId: ids.vpc, subnetIds: [ids.publicA, ids.publicB], securityGroupIds: [ids.lbSg],
  deletionProtection: false,
};

const targetGroup: TargetGroupView = {
  kind: 'target-group', id: ids.targetGroup, name: 'shop-tg', tags: {}, protocol: 'HTTP', port: 80, vpcId: ids.vpc, targetType: 'instance',
  healthCheckPath: '/health', loadBalancerArns: [ids.loadBalancer],
  targets: [
    { id: ids.web1, port: 80, state: 'healthy', reason: undefined },
    { id: ids.web2, port: 80, state: 'healthy', reason: undefined },
    { id: ids.api1, port: 80, state: 'unhealthy', reason: 'Target.ResponseCodeMismatch' },
  ],
};

const listener: ListenerView = {
  kind: 'listener', id: ids.listener, name: undefined, tags: {}, loadBalancerArn: ids.loadBalancer, protocol: 'HTTP', port: 80, targetGroupArns: [ids.targetGroup],
};

/**
 * A small shop in us-east-1, by hand: the default network, a `main` VPC with two public subnets, web-1..3
 * and api-1 behind shop-lb (api-1 with a data volume and an Elastic IP), a stopped db-1, a terminated
 * old-1, and a loose volume named `logs`. Tests of resolve, graph and change tables share it.
 */
export function sampleInventory(overrides: Partial<Inventory> = {}): Inventory {
  return {
    region: 'us-east-1',
    readAt: '2026-11-21T10:00:00.000Z',
    vpcs: [
      { kind: 'vpc', id: ids.defaultVpc, name: undefined, tags: {}, cidrBlock: '172.31.0.0/16', isDefault: true, state: 'available' },
      { kind: 'vpc', id: ids.vpc, name: 'main', tags: { Name: 'main' }, cidrBlock: '10.0.0.0/16', isDefault: false, state: 'available' },
    ],
    subnets: [
      subnet(ids.defaultSubnetA, ids.defaultVpc, undefined, '172.31.0.0/20', 'us-east-1a', true),
      subnet(ids.defaultSubnetB, ids.defaultVpc, undefined, '172.31.16.0/20', 'us-east-1b', true),
      subnet(ids.publicA, ids.vpc, 'public-a', '10.0.1.0/24', 'us-east-1a', false),
      subnet(ids.publicB, ids.vpc, 'public-b', '10.0.2.0/24', 'us-east-1b', false),
    ],
    internetGateways: [
      { kind: 'internet-gateway', id: ids.defaultIgw, name: undefined, tags: {}, vpcId: ids.defaultVpc },
      { kind: 'internet-gateway', id: ids.igw, name: 'main-igw', tags: { Name: 'main-igw' }, vpcId: ids.vpc },
    ],
    routeTables: [
      { kind: 'route-table', id: ids.defaultRouteTable, name: undefined, tags: {}, vpcId: ids.defaultVpc, main: true, subnetIds: [], routes: [{ destination: '172.31.0.0/16', target: 'local' }, { destination: '0.0.0.0/0', target: ids.defaultIgw }] },
      { kind: 'route-table', id: ids.mainRouteTable, name: undefined, tags: {}, vpcId: ids.vpc, main: true, subnetIds: [], routes: [{ destination: '10.0.0.0/16', target: 'local' }] },
      { kind: 'route-table', id: ids.publicRouteTable, name: 'public-rt', tags: { Name: 'public-rt' }, vpcId: ids.vpc, main: false, subnetIds: [ids.publicA, ids.publicB], routes: [{ destination: '10.0.0.0/16', target: 'local' }, { destination: '0.0.0.0/0', target: ids.igw }] },
    ],
    securityGroups: [
      securityGroup(ids.defaultSecurityGroup, ids.defaultVpc, 'default', []),
      securityGroup(ids.mainVpcDefaultSg, ids.vpc, 'default', []),
      securityGroup(ids.webSg, ids.vpc, 'web-sg', [80, 443]),
      securityGroup(ids.lbSg, ids.vpc, 'lb-sg', [80]),
    ],
    keyPairs: [{ kind: 'key-pair', id: ids.keyPair, name: 'deploy', tags: {}, keyType: 'ed25519' }],
    instances: [
      instance(ids.web1, 'web-1', { subnetId: ids.publicA, availabilityZone: 'us-east-1a', privateIpAddress: '10.0.1.11', publicIpAddress: '54.0.0.11', volumes: [{ volumeId: ids.web1Root, device: '/dev/xvda', deleteOnTermination: true }] }),
      instance(ids.web2, 'web-2', { subnetId: ids.publicB, availabilityZone: 'us-east-1b', privateIpAddress: '10.0.2.12', publicIpAddress: '54.0.0.12' }),
      instance(ids.web3, 'web-3', { subnetId: ids.publicA, availabilityZone: 'us-east-1a', privateIpAddress: '10.0.1.13' }),
      instance(ids.api1, 'api-1', {
        subnetId: ids.publicA, availabilityZone: 'us-east-1a', instanceType: 't3.small', privateIpAddress: '10.0.1.20', publicIpAddress: '3.80.0.1',
        volumes: [{ volumeId: ids.api1Root, device: '/dev/xvda', deleteOnTermination: true }, { volumeId: ids.apiData, device: '/dev/sdf', deleteOnTermination: false }],
      }),
      instance(ids.db1, 'db-1', { subnetId: ids.publicB, availabilityZone: 'us-east-1b', state: 'stopped', instanceType: 'r6g.large', architecture: 'arm64', privateIpAddress: '10.0.2.30' }),
      instance(ids.old1, 'old-1', { subnetId: ids.publicA, availabilityZone: 'us-east-1a', state: 'terminated', privateIpAddress: '10.0.1.99', securityGroupIds: [] }),
    ],
    volumes: [
      volume(ids.web1Root, undefined, 8, { instanceId: ids.web1, device: '/dev/xvda', state: 'attached', deleteOnTermination: true }),
      volume(ids.api1Root, undefined, 8, { instanceId: ids.api1, device: '/dev/xvda', state: 'attached', deleteOnTermination: true }),
      volume(ids.apiData, 'api-data', 100, { instanceId: ids.api1, device: '/dev/sdf', state: 'attached', deleteOnTermination: false }),
      volume(ids.logs, 'logs', 50, undefined, 'us-east-1b'),
    ],
    elasticIps: [{ kind: 'elastic-ip', id: ids.apiIp, name: 'api-ip', tags: { Name: 'api-ip' }, publicIp: '3.80.0.1', instanceId: ids.api1, associationId: 'eipassoc-0a1b2c3d4e5f60001' }],
    loadBalancers: [loadBalancer],
    targetGroups: [targetGroup],
    listeners: [listener],
    apiCalls: 15,
    ...overrides,
  };
}

/** The sample world's resource with this id (throws for a typo in a test). */
export function sampleResource(id: string, inventory: Inventory = sampleInventory()): AnyResourceView {
  const found = allResources(inventory).find((resource) => resource.id === id);
  if (!found) throw new Error(`the sample inventory has no resource ${id}`);
  return found;
}
