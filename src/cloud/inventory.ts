/** Kinds of resource the agent knows, named as people name them in plans and messages. */
export type ResourceKind =
  | 'vpc' | 'subnet' | 'internet-gateway' | 'route-table' | 'security-group' | 'key-pair'
  | 'instance' | 'volume' | 'elastic-ip' | 'load-balancer' | 'target-group' | 'listener' | 'image';

/** What every resource view has. */
export interface ResourceView {
  readonly kind: ResourceKind;
  readonly id: string;
  /** The Name tag (or the resource's own name for key pairs, load balancers, target groups). */
  readonly name: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
}

/** A VPC. */
export interface VpcView extends ResourceView {
  readonly kind: 'vpc';
  readonly cidrBlock: string;
  readonly isDefault: boolean;
  readonly state: string;
}

/** A subnet. */
export interface SubnetView extends ResourceView {
  readonly kind: 'subnet';
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly availabilityZone: string;
  readonly defaultForAz: boolean;
  readonly mapPublicIpOnLaunch: boolean;
  readonly availableIpAddressCount: number;
}

/** An internet gateway. */
export interface InternetGatewayView extends ResourceView {
  readonly kind: 'internet-gateway';
  readonly vpcId: string | undefined;
}

/** A route table. */
export interface RouteTableView extends ResourceView {
  readonly kind: 'route-table';
  readonly vpcId: string;
  readonly main: boolean;
  readonly subnetIds: readonly string[];
  readonly routes: readonly { destination: string; target: string | undefined }[];
}

/** One security group rule, flattened to one source. */
export interface SecurityRuleView {
  readonly direction: 'ingress' | 'egress';
  readonly protocol: string;
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
  /** A CIDR, `sg-…` or prefix list. */
  readonly source: string;
  readonly description: string | undefined;
  readonly ruleId: string | undefined;
}

/** A security group. */
export interface SecurityGroupView extends ResourceView {
  readonly kind: 'security-group';
  readonly groupName: string;
  readonly description: string;
  readonly vpcId: string;
  readonly rules: readonly SecurityRuleView[];
}

/** A key pair. */
export interface KeyPairView extends ResourceView {
  readonly kind: 'key-pair';
  readonly keyType: string | undefined;
}

/** A volume attached to an instance, as the instance sees it. */
export interface AttachedVolumeView {
  readonly volumeId: string;
  readonly device: string;
  readonly deleteOnTermination: boolean;
}

/** An EC2 instance. */
export interface InstanceView extends ResourceView {
  readonly kind: 'instance';
  readonly state: string;
  readonly instanceType: string;
  readonly imageId: string;
  readonly architecture: string | undefined;
  readonly vpcId: string | undefined;
  readonly subnetId: string | undefined;
  readonly availabilityZone: string | undefined;
  readonly privateIpAddress: string | undefined;
  readonly publicIpAddress: string | undefined;
  readonly securityGroupIds: readonly string[];
  readonly keyName: string | undefined;
  readonly monitoring: string;
  readonly lifecycle: 'spot' | 'on-demand';
  readonly spotInstanceRequestId: string | undefined;
  readonly rootDeviceName: string | undefined;
  readonly volumes: readonly AttachedVolumeView[];
  readonly launchTime: string | undefined;
  readonly terminationProtected: boolean | undefined;
  /** IMDS session tokens: `required` (IMDSv2 only) or `optional` (IMDSv1 allowed); undefined when the endpoint does not say. */
  readonly metadataHttpTokens: string | undefined;
  /** Whether the instance metadata endpoint answers at all (`enabled` or `disabled`). */
  readonly metadataHttpEndpoint: string | undefined;
}

/** An EBS volume. */
export interface VolumeView extends ResourceView {
  readonly kind: 'volume';
  readonly sizeGiB: number;
  readonly volumeType: string;
  readonly iops: number | undefined;
  readonly state: string;
  readonly availabilityZone: string;
  readonly encrypted: boolean;
  readonly attachment: { readonly instanceId: string; readonly device: string; readonly state: string; readonly deleteOnTermination: boolean } | undefined;
}

/** An Elastic IP (the id is the allocation id). */
export interface ElasticIpView extends ResourceView {
  readonly kind: 'elastic-ip';
  readonly publicIp: string;
  readonly instanceId: string | undefined;
  readonly associationId: string | undefined;
}

/** A load balancer (the id is its ARN). */
export interface LoadBalancerView extends ResourceView {
  readonly kind: 'load-balancer';
  readonly type: string;
  readonly scheme: string;
  readonly state: string;
  readonly dnsName: string;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** `deletion_protection.enabled`; undefined when the endpoint could not say. */
  readonly deletionProtection: boolean | undefined;
}

/** A registered target with its health. */
export interface TargetView {
  readonly id: string;
  readonly port: number | undefined;
  readonly state: string;
  readonly reason: string | undefined;
}

/** A target group (the id is its ARN). */
export interface TargetGroupView extends ResourceView {
  readonly kind: 'target-group';
  readonly protocol: string | undefined;
  readonly port: number | undefined;
  readonly vpcId: string | undefined;
  readonly targetType: string;
  readonly healthCheckPath: string | undefined;
  readonly loadBalancerArns: readonly string[];
  readonly targets: readonly TargetView[];
}

/** A listener (the id is its ARN). */
export interface ListenerView extends ResourceView {
  readonly kind: 'listener';
  readonly loadBalancerArn: string;
  readonly protocol: string | undefined;
  readonly port: number | undefined;
  readonly targetGroupArns: readonly string[];
}

/** Any resource view. */
export type AnyResourceView =
  | VpcView | SubnetView | InternetGatewayView | RouteTableView | SecurityGroupView | KeyPairView
  | InstanceView | VolumeView | ElasticIpView | LoadBalancerView | TargetGroupView | ListenerView;

/** A fresh read of a region: what the agent plans against. Read, not remembered. */
export interface Inventory {
  readonly region: string;
  readonly readAt: string;
  readonly vpcs: readonly VpcView[];
  readonly subnets: readonly SubnetView[];
  readonly internetGateways: readonly InternetGatewayView[];
  readonly routeTables: readonly RouteTableView[];
  readonly securityGroups: readonly SecurityGroupView[];
  readonly keyPairs: readonly KeyPairView[];
  readonly instances: readonly InstanceView[];
  readonly volumes: readonly VolumeView[];
  readonly elasticIps: readonly ElasticIpView[];
  readonly loadBalancers: readonly LoadBalancerView[];
  readonly targetGroups: readonly TargetGroupView[];
  readonly listeners: readonly ListenerView[];
  /** API calls made to read it. */
  readonly apiCalls: number;
  /** The kinds that were read; absent means every kind (a narrow read leaves the others empty). */
  readonly kinds?: readonly ResourceKind[];
  /** Kinds that could not be read (service or operation missing, not authorized): shown empty. */
  readonly warnings?: readonly InventoryWarning[];
}

/** Why some kinds of an inventory are empty although the cloud may hold some. */
export interface InventoryWarning {
  readonly service: 'ec2' | 'elbv2';
  /** The kinds the failure left empty. */
  readonly kinds: readonly ResourceKind[];
  /** The AWS error code (or `NotImplemented`/`NetworkError` for an endpoint without the service). */
  readonly code: string;
  /** What a person reads: the thing, the problem, the consequence. */
  readonly message: string;
}

/** Every resource in an inventory, in a stable order. */
export function allResources(inventory: Inventory): AnyResourceView[] {
  return [
    ...inventory.vpcs, ...inventory.subnets, ...inventory.internetGateways, ...inventory.routeTables,
    ...inventory.securityGroups, ...inventory.keyPairs, ...inventory.instances, ...inventory.volumes,
    ...inventory.elasticIps, ...inventory.loadBalancers, ...inventory.targetGroups, ...inventory.listeners,
  ];
}
