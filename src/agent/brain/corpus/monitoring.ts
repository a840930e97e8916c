import type { Target } from '../../../plan/intent.js';
import type { CorpusCase } from './corpus-case.js';

const instance = (name: string): Target => ({ kind: 'instance', selector: { by: 'name', name } });
const prodVpc: Target = { kind: 'vpc', selector: { by: 'name', name: 'prod' } };

/** Monitoring questions: status, addresses, disks, counts, listings, network peers, load-balancer members, graphs. */
export const MONITORING: readonly CorpusCase[] = [
  {
    task: 'status of one instance',
    expected: { type: 'query', question: 'status', targets: instance('web-1') },
    phrasings: ['is web-1 running?', 'status of web-1', "what's the state of web-1", 'web-1 status', 'is web-1 up', 'how is web-1 doing?', 'check the status of web-1', 'is web-1 stopped or running'],
  },
  {
    task: 'status of every instance',
    expected: { type: 'query', question: 'status' },
    phrasings: ["what's the status of my instances", 'are all my vms running?', 'show instance states', 'status of all servers', 'is everything up?', 'Could you tell me the state of every machine?'],
  },
  {
    task: 'public address',
    expected: { type: 'query', question: 'public-ip', targets: instance('web-1') },
    phrasings: ['what is the public ip of web-1', 'web-1 public ip?', "give me web-1's public address", "show web-1's external ip", "what's web-1's ip", 'public IP for web-1 please', 'wats the pubilc ip of web-1'],
  },
  {
    task: 'private address',
    expected: { type: 'query', question: 'private-ip', targets: instance('web-2') },
    phrasings: ['what is the private ip of web-2', "what's web-2's internal ip address", 'private address of web-2?', 'show me the internal IP for web-2', 'web-2 private ip', 'which private ip does web-2 have'],
  },
  {
    task: 'all addresses',
    expected: { type: 'query', question: 'addresses', targets: instance('web-2') },
    phrasings: ["what are web-2's addresses", 'show the public and private ips of web-2', 'ip addresses of web-2', 'list the IPs of web-2', 'web-2 public + private ip', 'which addresses does web-2 have?'],
  },
  {
    task: 'attached disks with size and type',
    expected: { type: 'query', question: 'disks', targets: instance('api-1') },
    phrasings: [
      'what disks does api-1 have',
      'show the volumes attached to api-1',
      "list api-1's disks with size and type",
      'what storage is on api-1',
      'api-1 disks',
      'which ebs volumes are mounted on api-1?',
      'how big are the disks on api-1 and what type are they',
    ],
  },
  {
    task: 'count instances',
    expected: { type: 'query', question: 'count', kind: 'instance' },
    phrasings: ['how many instances are there', 'how many vms do I have', 'count my servers', 'number of instances?', 'how many machines are running', 'total number of ec2 instances'],
  },
  {
    task: 'count volumes',
    expected: { type: 'query', question: 'count', kind: 'volume' },
    phrasings: ['how many volumes do I have', 'count the disks', 'number of ebs volumes', 'how many drives are there?', 'total volumes?', 'how many disks exist'],
  },
  {
    task: 'list instances of a VPC',
    expected: { type: 'query', question: 'list', kind: 'instance', targets: { kind: 'instance', selector: { by: 'all', within: prodVpc } } },
    phrasings: ['which instances are in vpc prod', 'list the vms in the prod vpc', 'show all servers inside vpc prod', 'what machines run in prod?', 'instances in vpc prod', 'list every instance within the prod network'],
  },
  {
    task: 'list every instance',
    expected: { type: 'query', question: 'list', kind: 'instance' },
    phrasings: ['list instances', 'show me all my vms', 'which servers do I have?', 'what instances are there', 'list all ec2 instances', 'which instances are running?'],
  },
  {
    task: 'what shares a network',
    expected: { type: 'query', question: 'network-peers', targets: instance('web-1') },
    phrasings: [
      'what shares a network with web-1',
      'which instances are in the same vpc as web-1',
      "what else is in web-1's network",
      "show web-1's neighbours",
      'who is on the same subnet as web-1',
      "list the vms sharing web-1's vpc",
    ],
  },
  {
    task: 'what is behind a load balancer',
    expected: { type: 'query', question: 'lb-members', targets: { kind: 'load-balancer', selector: { by: 'name', name: 'shop-lb' } } },
    phrasings: ['what is behind shop-lb', 'which instances are behind shop-lb', "show shop-lb's targets", 'list the members of shop-lb', "what's registered with shop-lb", 'shop-lb backends?'],
  },
  {
    task: 'what is behind the load balancer',
    expected: { type: 'query', question: 'lb-members', targets: { kind: 'load-balancer', selector: { by: 'only' } } },
    phrasings: ['what is behind the load balancer', 'which servers are behind the lb?', 'show the targets of the ALB', 'what instances does the load balancer serve', 'list the load balancer members', "who's registered with the load balancer"],
  },
  {
    task: 'target health',
    expected: { type: 'query', question: 'target-health', targets: { kind: 'load-balancer', selector: { by: 'name', name: 'shop-lb' } } },
    phrasings: ['are the targets of shop-lb healthy', 'health of shop-lb targets', 'is everything behind shop-lb healthy?', 'show target health for shop-lb', 'which instances behind shop-lb are unhealthy', 'shop-lb target health'],
  },
  {
    task: 'dependency graph of a resource',
    expected: { type: 'query', question: 'graph', targets: prodVpc, format: 'text' },
    phrasings: ['show the dependency graph of vpc prod', 'what depends on vpc prod', "draw vpc prod's dependencies", 'graph vpc prod', 'dependency tree for the prod vpc', 'map out everything connected to vpc prod'],
  },
  {
    task: 'dependency graph of everything as DOT',
    expected: { type: 'query', question: 'graph', format: 'dot' },
    phrasings: [
      'dependency graph of everything as dot',
      'graphviz of my whole infrastructure',
      'draw the topology in dot format',
      'export the resource graph as DOT',
      'show everything as a dot graph',
      'give me a graphviz diagram of my infra',
    ],
  },
  {
    task: 'dependency graph as JSON',
    expected: { type: 'query', question: 'graph', targets: instance('web-1'), format: 'json' },
    phrasings: ['dependency graph of web-1 in json', 'web-1 dependencies as json', 'what does web-1 depend on? json please', 'show the graph for web-1 as JSON', 'json graph of web-1', "dump web-1's dependency tree in json"],
  },
  {
    task: 'instance type',
    expected: { type: 'query', question: 'instance-type', targets: instance('api-1') },
    phrasings: ['what type is api-1', 'what instance type is api-1?', 'how big is api-1', 'api-1 instance size', 'which flavor is api-1 running', 'show the instance type of api-1'],
  },
];
