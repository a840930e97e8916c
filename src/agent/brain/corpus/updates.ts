import type { Target } from '../../../plan/intent.js';
import type { CorpusCase } from './corpus-case.js';

const instance = (name: string): Target => ({ kind: 'instance', selector: { by: 'name', name } });
const instances = (...names: string[]): Target => ({ kind: 'instance', selector: { by: 'names', names } });
const webSg: Target = { kind: 'security-group', selector: { by: 'name', name: 'web-sg' } };
const shopLb: Target = { kind: 'load-balancer', selector: { by: 'name', name: 'shop-lb' } };
const anywhere = '0.0.0.0/0';

/** Updates: disks, monitoring, resize, power, tags, ports, spot, load-balancer membership. */
export const UPDATES: readonly CorpusCase[] = [
  {
    task: 'attach a new disk',
    expected: { type: 'attach-volume', instance: instance('web-1'), volume: { sizeGiB: 100, volumeType: 'gp3' } },
    phrasings: [
      'attach a 100 GB gp3 disk to web-1',
      'add a 100gb gp3 volume to web-1',
      'give web-1 an extra 100 GiB gp3 drive',
      'web-1 needs another disk: 100 GB, gp3',
      'plz atach a 100 gig gp3 ebs volume to web-1',
      'Could you hook up a new 100GB gp3 volume to web-1?',
      'mount an additional 100 gb gp3 disk on web-1',
    ],
  },
  {
    task: 'attach an existing volume',
    expected: { type: 'attach-volume', instance: instance('web-2'), volume: { kind: 'volume', selector: { by: 'name', name: 'data-1' } } },
    phrasings: [
      'attach data-1 to web-2',
      'attach the data-1 volume to web-2',
      'plug data-1 into web-2',
      'connect volume data-1 to web-2',
      'add data-1 to web-2 as a disk',
      'please mount the data-1 disk on web-2',
    ],
  },
  {
    task: 'enable detailed monitoring',
    expected: { type: 'set-monitoring', targets: instance('web-1'), enabled: true },
    phrasings: [
      'enable detailed monitoring on web-1',
      'turn on monitoring for web-1',
      'switch on boot diagnostics for web-1',
      'web-1 needs detailed monitoring',
      'Please activate 1-minute metrics on web-1',
      'start monitoring web-1 in detail',
      'enable diagnostics for web-1 pls',
      'turn detailed monitoring on for web-1',
    ],
  },
  {
    task: 'enable detailed monitoring on every instance of a VPC',
    expected: { type: 'set-monitoring', targets: { kind: 'instance', selector: { by: 'all', within: { kind: 'vpc', selector: { by: 'name', name: 'prod' } } } }, enabled: true },
    phrasings: [
      'enable detailed monitoring on all instances in vpc prod',
      'turn on monitoring for every vm in the prod vpc',
      'switch on detailed metrics for all servers in prod',
      'all instances in vpc prod need detailed monitoring',
      'activate enhanced monitoring on each instance inside vpc prod',
      'enable boot diagnostics for all my machines in vpc prod',
    ],
  },
  {
    task: 'disable detailed monitoring',
    expected: { type: 'set-monitoring', targets: instance('web-2'), enabled: false },
    phrasings: [
      'disable detailed monitoring on web-2',
      'turn off monitoring for web-2',
      'stop monitoring web-2',
      'switch off detailed metrics on web-2',
      'no more detailed monitoring for web-2, please disable it',
      'deactivate cloudwatch monitoring on web-2',
    ],
  },
  {
    task: 'resize',
    expected: { type: 'resize', targets: instance('web-1'), instanceType: 't3.large' },
    phrasings: [
      'resize web-1 to t3.large',
      "change web-1's instance type to t3.large",
      'upgrade web-1 to a t3.large',
      'make web-1 a t3.large',
      'scale web-1 up to t3.large',
      'switch web-1 to t3.large please',
      'bump web-1 to large',
      'reszie web-1 to t3.large',
    ],
  },
  {
    task: 'stop one instance',
    expected: { type: 'instance-power', action: 'stop', targets: instance('web-1') },
    phrasings: ['stop web-1', 'shut down web-1', 'please power off web-1', 'halt web-1', 'turn web-1 off', 'can you stop web-1 for me?', 'stpo web-1'],
  },
  {
    task: 'stop several instances',
    expected: { type: 'instance-power', action: 'stop', targets: instances('web-1', 'web-2', 'web-3') },
    phrasings: ['stop web-1..3', 'stop web-1, web-2 and web-3', 'shut down web-1 to web-3', 'power off web-{1,2,3}', 'halt web-1 through web-3', 'Please stop instances web-1, web-2, web-3.'],
  },
  {
    task: 'stop every instance of a VPC',
    expected: { type: 'instance-power', action: 'stop', targets: { kind: 'instance', selector: { by: 'all', within: { kind: 'vpc', selector: { by: 'name', name: 'prod' } } } } },
    phrasings: [
      'stop all instances in vpc prod',
      'shut down every vm in the prod vpc',
      'power off all servers in prod',
      'please stop all my machines inside vpc prod',
      'halt each instance within vpc prod',
      'turn off all the boxes in the prod network',
    ],
  },
  {
    task: 'start',
    expected: { type: 'instance-power', action: 'start', targets: instance('web-2') },
    phrasings: ['start web-2', 'boot web-2', 'power on web-2', 'turn web-2 back on', 'bring web-2 back up', 'please start web-2 again', 'wake up web-2', 'strat web-2'],
  },
  {
    task: 'reboot',
    expected: { type: 'instance-power', action: 'reboot', targets: instance('api-1') },
    phrasings: ['reboot api-1', 'restart api-1', 'bounce api-1', 'power cycle api-1', 'give api-1 a reboot', 'could you restart api-1 please', 'rebooot api-1'],
  },
  {
    task: 'terminate',
    expected: { type: 'instance-power', action: 'terminate', targets: instance('web-3') },
    phrasings: ['terminate web-3', 'destroy web-3', 'delete the web-3 instance', 'kill web-3', 'get rid of web-3', 'tear down web-3', 'nuke web-3 pls', 'terminte web-3'],
  },
  {
    task: 'delete a load balancer',
    expected: { type: 'delete', targets: shopLb },
    phrasings: ['delete shop-lb', 'tear down the shop-lb load balancer', 'remove load balancer shop-lb', 'get rid of shop-lb', 'destroy the shop-lb lb', 'decommission shop-lb'],
  },
  {
    task: 'tag',
    expected: { type: 'tag', targets: instance('web-1'), tags: { env: 'prod' } },
    phrasings: [
      'tag web-1 env=prod',
      'tag web-1 with env prod',
      'add the tag env=prod to web-1',
      'set the env tag on web-1 to prod',
      'label web-1 env:prod',
      'please tag web-1 with env = prod',
    ],
  },
  {
    task: 'rename',
    expected: { type: 'tag', targets: instance('web-3'), tags: { Name: 'web-9' } },
    phrasings: ['rename web-3 to web-9', 'change the name of web-3 to web-9', "set web-3's name to web-9", 'rename instance web-3 as web-9', 'web-3 should be renamed to web-9', 'call web-3 web-9 from now on'],
  },
  {
    task: 'remove a tag',
    expected: { type: 'tag', targets: instance('web-1'), tags: {}, removeKeys: ['env'] },
    phrasings: ['remove the env tag from web-1', 'untag web-1 env', 'delete tag env from web-1', 'drop the env tag on web-1', 'remove tag env from web-1', 'get rid of the env tag on web-1'],
  },
  {
    task: 'open a port',
    expected: { type: 'change-ports', action: 'open', target: webSg, rules: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: anywhere }] },
    phrasings: [
      'open port 443 on web-sg',
      'allow https on web-sg from anywhere',
      'open 443 to the world on web-sg',
      'web-sg: allow inbound 443 from 0.0.0.0/0',
      'please permit tcp/443 into web-sg',
      'expose port 443 on web-sg to the internet',
    ],
  },
  {
    task: 'open a port from an office range on an instance',
    expected: { type: 'change-ports', action: 'open', target: instance('bastion'), rules: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '203.0.113.0/24' }] },
    phrasings: [
      'allow ssh to bastion from 203.0.113.0/24',
      'open port 22 on bastion for my office 203.0.113.0/24',
      'let ssh in from 203.0.113.0/24 to bastion',
      'bastion: open 22 to 203.0.113.0/24',
      'permit ssh access to the bastion host from my office (203.0.113.0/24)',
      'whitelist 203.0.113.0/24 for ssh on bastion',
    ],
  },
  {
    task: 'close a port',
    expected: { type: 'change-ports', action: 'close', target: webSg, rules: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: anywhere }] },
    phrasings: [
      'close port 22 on web-sg',
      'block ssh on web-sg',
      'revoke ssh access from web-sg',
      'remove the port 22 rule from web-sg',
      'deny port 22 on web-sg',
      'disable ssh on web-sg',
      'shut port 22 on web-sg',
    ],
  },
  {
    task: 'convert to spot',
    expected: { type: 'set-market', targets: instance('api-1'), market: 'spot' },
    phrasings: [
      'convert api-1 to spot',
      'switch api-1 from standard to spot',
      'make api-1 a spot instance',
      'move api-1 to spot pricing',
      'run api-1 on spot',
      'change api-1 from on-demand to spot',
      'use spot for api-1',
      'turn api-1 into a spot instance',
    ],
  },
  {
    task: 'convert back to on-demand',
    expected: { type: 'set-market', targets: instance('api-1'), market: 'on-demand' },
    phrasings: ['convert api-1 to on-demand', 'switch api-1 back to on demand', 'move api-1 off spot to on-demand', 'make api-1 a regular on-demand instance', 'api-1 should run on-demand, convert it', 'change api-1 from spot to on-demand'],
  },
  {
    task: 'move into a load balancer',
    expected: { type: 'target-membership', action: 'add', instances: instance('web-3'), group: shopLb },
    phrasings: ['add web-3 to shop-lb', 'register web-3 with shop-lb', 'put web-3 behind shop-lb', 'attach web-3 to the shop-lb load balancer', 'include web-3 in shop-lb', 'move web-3 into shop-lb'],
  },
  {
    task: 'move into a target group',
    expected: { type: 'target-membership', action: 'add', instances: instances('web-1', 'web-2'), group: { kind: 'target-group', selector: { by: 'name', name: 'shop-tg' } } },
    phrasings: [
      'register web-1 and web-2 with shop-tg',
      'add web-1, web-2 to target group shop-tg',
      'put web-1..2 in the shop-tg target group',
      'enroll web-1 and web-2 in shop-tg',
      'Please add web-1 & web-2 to the shop-tg tg',
      'attach web-1 and web-2 to target group shop-tg',
    ],
  },
  {
    task: 'move out of a load balancer',
    expected: { type: 'target-membership', action: 'remove', instances: instance('web-2'), group: shopLb },
    phrasings: ['remove web-2 from shop-lb', 'take web-2 out of shop-lb', 'deregister web-2 from shop-lb', 'pull web-2 out of shop-lb', 'detach web-2 from shop-lb', 'drain web-2 from the shop-lb load balancer'],
  },
];
