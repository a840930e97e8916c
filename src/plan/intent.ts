import type { ResourceKind } from '../cloud/inventory.js';

/**
 * How a request names resources. Brains produce selectors from words; the plan builder resolves them
 * against a fresh inventory, and never guesses when a change is at stake.
 */
export type Selector =
  | { readonly by: 'id'; readonly id: string }
  /** A Name tag (or LB/TG/key name); may hold `*` wildcards (`web-*`). */
  | { readonly by: 'name'; readonly name: string }
  | { readonly by: 'names'; readonly names: readonly string[] }
  /** "the load balancer": the one resource of its kind; ambiguous when there are several. */
  | { readonly by: 'only' }
  /** "all instances", optionally within a VPC or subnet, or behind a load balancer. */
  | { readonly by: 'all'; readonly within?: Target };

/** A resource (or set of resources) a request talks about. */
export interface Target {
  readonly kind: ResourceKind;
  readonly selector: Selector;
}

/** A port rule as people say it ("open 443 to the world"). */
export interface PortRule {
  readonly protocol: 'tcp' | 'udp' | 'icmp' | '-1';
  readonly fromPort: number;
  readonly toPort: number;
  /** Source (ingress) CIDR; default 0.0.0.0/0. */
  readonly cidr: string;
  readonly description?: string;
}

/** An operating system or image people ask for ("ubuntu 24.04", "amazon linux"), or an AMI id. */
export interface ImageHint {
  readonly family?: 'amazon-linux-2023' | 'amazon-linux-2' | 'ubuntu-24.04' | 'ubuntu-22.04' | 'debian-12' | 'windows-2022';
  readonly imageId?: string;
}

/** A volume to create. */
export interface VolumeSpec {
  readonly sizeGiB: number;
  readonly volumeType?: string;
}

/** A request to create instances. */
export interface CreateInstancesIntent {
  readonly type: 'create-instances';
  readonly count: number;
  /** Names for the new instances (their Name tags); fewer than count means generated ones. */
  readonly names: readonly string[];
  readonly instanceType?: string;
  readonly image?: ImageHint;
  /** A VPC or subnet to launch into; default: the default VPC. */
  readonly network?: Target;
  readonly securityGroups?: readonly Target[];
  readonly spot?: boolean;
  readonly keyName?: string;
  readonly publicIp?: boolean;
  readonly extraVolumes?: readonly VolumeSpec[];
  readonly monitoring?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

/** What a request wants; the plan builder turns it into steps. */
export type Intent =
  | CreateInstancesIntent
  | {
      readonly type: 'create-load-balancer';
      readonly name?: string;
      /** Existing instances to put behind it, or new ones to create first. */
      readonly instances: Target | CreateInstancesIntent;
      readonly port: number;
      readonly protocol: 'HTTP' | 'HTTPS' | 'TCP';
      readonly loadBalancerType: 'application' | 'network';
      readonly healthCheckPath?: string;
    }
  | { readonly type: 'create-vpc'; readonly name?: string; readonly cidr?: string; readonly subnetCount: number; readonly publicSubnets: boolean }
  | { readonly type: 'create-subnet'; readonly name?: string; readonly vpc: Target; readonly cidr?: string; readonly availabilityZone?: string; readonly public?: boolean }
  | { readonly type: 'create-security-group'; readonly name: string; readonly vpc?: Target; readonly rules: readonly PortRule[]; readonly description?: string }
  | { readonly type: 'change-ports'; readonly action: 'open' | 'close'; readonly target: Target; readonly rules: readonly PortRule[] }
  | { readonly type: 'create-volume'; readonly name?: string; readonly volume: VolumeSpec; readonly attachTo?: Target; readonly availabilityZone?: string }
  | { readonly type: 'attach-volume'; readonly instance: Target; readonly volume: VolumeSpec | Target }
  | { readonly type: 'detach-volume'; readonly volume: Target }
  | { readonly type: 'allocate-address'; readonly instance?: Target; readonly name?: string }
  | { readonly type: 'release-address'; readonly address: Target }
  | { readonly type: 'instance-power'; readonly action: 'stop' | 'start' | 'reboot' | 'terminate'; readonly targets: Target }
  | { readonly type: 'resize'; readonly targets: Target; readonly instanceType: string }
  | { readonly type: 'set-monitoring'; readonly targets: Target; readonly enabled: boolean }
  | { readonly type: 'tag'; readonly targets: Target; readonly tags: Readonly<Record<string, string>>; readonly removeKeys?: readonly string[] }
  | { readonly type: 'set-market'; readonly targets: Target; readonly market: 'spot' | 'on-demand' }
  | { readonly type: 'target-membership'; readonly action: 'add' | 'remove'; readonly instances: Target; readonly group: Target }
  | { readonly type: 'delete'; readonly targets: Target }
  /** Set resources that drifted back to what their stacks' templates say (planned by `cirro drift --restore`, not from words). */
  | { readonly type: 'restore-drift'; readonly stacks: readonly string[]; readonly findings: number }
  | {
      readonly type: 'query';
      readonly question: QueryQuestion;
      readonly targets?: Target;
      /** For counts and listings: which kind. */
      readonly kind?: ResourceKind;
      readonly format?: 'text' | 'dot' | 'json';
    };

/** What a monitoring question asks. */
export type QueryQuestion =
  | 'status' | 'public-ip' | 'private-ip' | 'addresses' | 'disks' | 'count' | 'list' | 'describe'
  | 'network-peers' | 'lb-members' | 'graph' | 'target-health' | 'instance-type';

/** The intent types (for routing and reports). */
export type IntentType = Intent['type'];

/** The study's task classes. */
export type TaskClass = 'provisioning' | 'update' | 'monitoring';

/** Which of the study's task classes an intent belongs to. */
export function taskClassOf(intent: Intent): TaskClass {
  switch (intent.type) {
    case 'query':
      return 'monitoring';
    case 'create-instances':
    case 'create-load-balancer':
    case 'create-vpc':
    case 'create-subnet':
    case 'create-security-group':
    case 'create-volume':
    case 'allocate-address':
      return 'provisioning';
    default:
      return 'update';
  }
}
