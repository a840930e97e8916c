import type { CorpusCase } from './corpus-case.js';

const anywhere = '0.0.0.0/0';
const prod = { kind: 'vpc', selector: { by: 'name', name: 'prod' } } as const;

/** Provisioning: one VM, several in one network, VMs behind a new load balancer, VPCs, subnets, groups, volumes, addresses. */
export const PROVISIONING: readonly CorpusCase[] = [
  {
    task: 'one VM',
    expected: { type: 'create-instances', count: 1, names: [] },
    phrasings: [
      'launch a vm',
      'Could you please spin up a new virtual machine for me?',
      'create one ec2 instance',
      'i need a server',
      'provision a single box pls',
      'lauch an instnace',
      'new vm please',
      "Hey Cirro, I'd like to stand up a fresh machine.",
    ],
  },
  {
    task: 'one VM with a name, a type and an image',
    expected: { type: 'create-instances', count: 1, names: ['app-1'], instanceType: 't3.small', image: { family: 'ubuntu-24.04' } },
    phrasings: [
      'launch a t3.small ubuntu 24.04 vm called app-1',
      'create an instance named app-1 (t3.small, ubuntu noble)',
      'spin up app-1: t3.small, Ubuntu 24.04',
      'Please provision a small Ubuntu server called app-1',
      "I'd like a new t3.small machine running ubuntu 24.04, name it app-1",
      'boot up a new ubuntu 24.04 t3.small named "app-1"',
    ],
  },
  {
    task: 'one spot VM with a key pair and a public IP',
    expected: { type: 'create-instances', count: 1, names: ['batch-1'], spot: true, keyName: 'ops-key', publicIp: true },
    phrasings: [
      'launch a spot instance batch-1 with key pair ops-key and a public ip',
      'create a spot vm called batch-1 using the ops-key ssh key, with a public IP',
      'spin up batch-1 on spot, key ops-key, public ip please',
      'I need a spot box named batch-1 that uses key ops-key and has a public address',
      'provision one spot instance named batch-1 w/ keypair ops-key + public ip',
      'new spot server batch-1, ssh key ops-key, internet-facing',
    ],
  },
  {
    task: 'three VMs in the same network',
    expected: { type: 'create-instances', count: 3, names: ['node-1', 'node-2', 'node-3'] },
    phrasings: [
      'create three VMs named node in the same network',
      'launch node-1, node-2 and node-3 in the same vpc',
      'Spin up 3 instances node-1..3 that share a network',
      'provision node-{1,2,3} in one network',
      'I need three servers, node-1 to node-3, on the same virtual network',
      'pls make 3 boxes called node-1 through node-3 in the same network',
      'three vms (node-1, node-2, node-3) in a shared network',
    ],
  },
  {
    task: 'two VMs in a named VPC',
    expected: { type: 'create-instances', count: 2, names: ['db-1', 'db-2'], instanceType: 'm5.large', network: prod },
    phrasings: [
      'launch 2 m5.large instances db-1 and db-2 in vpc prod',
      'create db-1 and db-2 (m5.large) in the prod vpc',
      'put two m5.large vms named db-1, db-2 into the prod network',
      'spin up db-1..2 as m5.large in prod',
      'provision a couple of m5.large servers called db-1 and db-2 inside vpc prod',
      'Could you launch db-1 & db-2, both m5.large, in VPC prod?',
    ],
  },
  {
    task: 'two VMs in the same network as an existing one',
    expected: { type: 'create-instances', count: 2, names: [], network: { kind: 'instance', selector: { by: 'name', name: 'web-1' } } },
    phrasings: [
      'launch 2 more vms in the same network as web-1',
      'create two instances in the same vpc as web-1',
      "I need 2 new boxes sharing web-1's network",
      "launch two vms into web-1's vpc",
      'two new instances alongside web-1 in the same subnet',
      'Please create 2 VMs in the same VPC as web-1.',
    ],
  },
  {
    task: 'three new VMs behind a new load balancer',
    expected: { type: 'create-load-balancer', instances: { type: 'create-instances', count: 3, names: [] }, port: 80, protocol: 'HTTP', loadBalancerType: 'application' },
    phrasings: [
      'launch 3 vms behind a load balancer',
      'create three instances and put them behind a new load balancer',
      'spin up 3 servers behind an ALB',
      'I need three web servers behind a load balancer',
      'provision 3 boxes with a load balancer in front',
      'three vms + an application load balancer on port 80',
    ],
  },
  {
    task: 'existing VMs behind a new named load balancer with a health check',
    expected: {
      type: 'create-load-balancer', name: 'front-lb', instances: { kind: 'instance', selector: { by: 'names', names: ['web-1', 'web-2', 'web-3'] } },
      port: 80, protocol: 'HTTP', loadBalancerType: 'application', healthCheckPath: '/health',
    },
    phrasings: [
      'put web-1..3 behind a load balancer called front-lb with health check /health',
      'create a load balancer front-lb for web-1, web-2 and web-3, health check on /health',
      'Could you set up an ALB named front-lb in front of web-1 to web-3 with /health as the health check?',
      'web-1 web-2 web-3 behind new lb front-lb, port 80, healthcheck /health',
      'i want a new load balancer, front-lb, in front of web-1 through web-3 (health check /health)',
      'make an alb called front-lb that sends traffic to web-1, web-2 and web-3 and checks /health',
    ],
  },
  {
    task: 'a network load balancer on a custom port',
    expected: { type: 'create-load-balancer', instances: { kind: 'instance', selector: { by: 'names', names: ['web-1', 'web-2'] } }, port: 8080, protocol: 'TCP', loadBalancerType: 'network' },
    phrasings: [
      'put web-1 and web-2 behind an nlb on port 8080',
      'create a network load balancer for web-1 and web-2 listening on 8080',
      'NLB in front of web-1, web-2 on port 8080 please',
      'set up a new network load balancer on port 8080 for web-1..2',
      'load-balance web-1 and web-2 with an NLB on port 8080',
      'give web-1 and web-2 a network load balancer, port 8080',
    ],
  },
  {
    task: 'a new VPC with public subnets',
    expected: { type: 'create-vpc', name: 'lab', cidr: '10.1.0.0/16', subnetCount: 2, publicSubnets: true },
    phrasings: [
      'create a vpc called lab 10.1.0.0/16 with two public subnets',
      'new VPC lab with cidr 10.1.0.0/16 and 2 public subnets',
      'Please set up a virtual network named lab (10.1.0.0/16) with a couple of public subnets',
      'provision vpc lab, 10.1.0.0/16, 2 public subnets',
      'make a network lab 10.1.0.0/16 across 2 azs with public subnets',
      'create vpc lab 10.1.0.0/16 w/ 2 public subnets',
    ],
  },
  {
    task: 'a bare VPC',
    expected: { type: 'create-vpc', subnetCount: 0, publicSubnets: false },
    phrasings: ['create a vpc', 'new network please', 'make me a VPC', 'provision a virtual private cloud', 'spin up a fresh vpc', 'set up a VNet'],
  },
  {
    task: 'a subnet in an existing VPC',
    expected: { type: 'create-subnet', vpc: prod, cidr: '10.0.3.0/24', availabilityZone: 'us-east-1b' },
    phrasings: [
      'add a subnet 10.0.3.0/24 to vpc prod in us-east-1b',
      'create subnet 10.0.3.0/24 in the prod vpc, zone us-east-1b',
      'new subnet in prod: 10.0.3.0/24 (us-east-1b)',
      'carve a 10.0.3.0/24 subnet out of vpc prod in us-east-1b',
      'please make a subnet 10.0.3.0/24 in us-east-1b inside vpc prod',
      'i need a subnet with cidr 10.0.3.0/24 in prod, az us-east-1b',
    ],
  },
  {
    task: 'a security group with rules',
    expected: {
      type: 'create-security-group', name: 'api-sg', vpc: prod,
      rules: [{ protocol: 'tcp', fromPort: 80, toPort: 80, cidr: anywhere }, { protocol: 'tcp', fromPort: 443, toPort: 443, cidr: anywhere }],
    },
    phrasings: [
      'create a security group api-sg in vpc prod allowing http and https from anywhere',
      'new sg called api-sg in prod that opens ports 80 and 443 to the world',
      'make a firewall api-sg for vpc prod with 80 and 443 open from 0.0.0.0/0',
      'set up security group api-sg (vpc prod): allow http, https from anywhere',
      'Please create an SG named api-sg in the prod VPC permitting web traffic from the internet',
      'provision api-sg security group in vpc prod, inbound 80 + 443 from everywhere',
    ],
  },
  {
    task: 'a volume',
    expected: { type: 'create-volume', volume: { sizeGiB: 100, volumeType: 'gp3' }, availabilityZone: 'us-east-1a' },
    phrasings: [
      'create a 100 GB gp3 volume in us-east-1a',
      'new 100gb gp3 ebs volume, az us-east-1a',
      'provision a gp3 disk of 100 gigs in us-east-1a',
      'I need a 100 GiB ssd volume in us-east-1a',
      'make a 100G gp3 drive in zone us-east-1a',
      'please create an EBS volume: 100 GB, gp3, us-east-1a',
    ],
  },
  {
    task: 'a named volume attached to an instance',
    expected: { type: 'create-volume', name: 'logs', volume: { sizeGiB: 500, volumeType: 'st1' }, attachTo: { kind: 'instance', selector: { by: 'name', name: 'api-1' } } },
    phrasings: [
      'create a 500 GB st1 volume called logs and attach it to api-1',
      'make a new st1 volume named logs, 500gb, and mount it on api-1',
      'provision a 500 GiB st1 disk "logs" for api-1',
      'create volume logs (500 GB, st1) attached to api-1',
      'i need a 500 gig st1 volume called logs on api-1',
      'Please create a 500GB st1 volume named logs and hook it up to api-1',
    ],
  },
  {
    task: 'an elastic IP for an instance',
    expected: { type: 'allocate-address', instance: { kind: 'instance', selector: { by: 'name', name: 'web-1' } } },
    phrasings: [
      'allocate an elastic ip for web-1',
      'give web-1 a static ip',
      'attach an elastic IP to web-1',
      'web-1 needs an EIP',
      'reserve an elastic ip address and associate it with web-1',
      'Could you assign a new elastic IP to web-1?',
    ],
  },
  {
    task: 'an elastic IP on its own',
    expected: { type: 'allocate-address' },
    phrasings: ['allocate an elastic ip', 'get me a new eip', 'reserve a static ip', 'create an elastic ip address', 'I need an elastic IP', 'allocate eip pls'],
  },
];
