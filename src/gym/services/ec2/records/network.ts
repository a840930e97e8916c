import type { Tagged } from './common.js';

/** A VPC. */
export interface VpcRecord extends Tagged {
  readonly cidrBlock: string;
  readonly cidrAssociationId: string;
  state: 'pending' | 'available';
  readonly isDefault: boolean;
  readonly instanceTenancy: string;
  readonly dhcpOptionsId: string;
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
  /** Moves when ReplaceRouteTableAssociation hands the main association to another table. */
  mainRouteTableId: string;
  readonly defaultSecurityGroupId: string;
  readonly defaultNetworkAclId: string;
  readonly createdAt: number;
}

/** A subnet; addresses are handed out from its CIDR, skipping the five AWS reserves. */
export interface SubnetRecord extends Tagged {
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly availabilityZone: string;
  state: 'pending' | 'available';
  readonly defaultForAz: boolean;
  mapPublicIpOnLaunch: boolean;
  /** Offset from the network address where the next free-address search starts. */
  nextAddressOffset: number;
  readonly createdAt: number;
}

/** An internet gateway and the VPC it is attached to, if any. */
export interface InternetGatewayRecord extends Tagged {
  vpcId: string | undefined;
}

/** One route in a route table. */
export interface RouteEntry {
  readonly destinationCidrBlock: string;
  readonly gatewayId?: string;
  readonly instanceId?: string;
  readonly natGatewayId?: string;
  readonly networkInterfaceId?: string;
  readonly origin: 'CreateRouteTable' | 'CreateRoute';
  state: 'active' | 'blackhole';
}

/** A route-table association with a subnet (or the main association with its VPC). */
export interface RouteTableAssociation {
  readonly id: string;
  readonly subnetId?: string;
  readonly main: boolean;
}

/** A route table. */
export interface RouteTableRecord extends Tagged {
  readonly vpcId: string;
  routes: RouteEntry[];
  associations: RouteTableAssociation[];
}

/** One security group rule as stored: one protocol/port range and one source or destination. */
export interface SecurityGroupRule {
  readonly ruleId: string;
  readonly protocol: string; // '-1', 'tcp', 'udp', 'icmp' or a number
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
  readonly cidrIpv4?: string;
  readonly cidrIpv6?: string;
  readonly referencedGroupId?: string;
  readonly prefixListId?: string;
  readonly description?: string;
}

/** A security group with its ingress and egress rules. */
export interface SecurityGroupRecord extends Tagged {
  readonly groupName: string;
  readonly description: string;
  readonly vpcId: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
}

/** A key pair; the gym keeps only what AWS keeps (the public key and fingerprint). */
export interface KeyPairRecord extends Tagged {
  readonly keyName: string;
  readonly keyType: 'rsa' | 'ed25519';
  readonly fingerprint: string;
  readonly publicKey: string;
  readonly createdAt: number;
}

/** An Elastic IP address. */
export interface AddressRecord extends Tagged {
  /** The allocation id (`eipalloc-…`) is the record id. */
  readonly publicIp: string;
  readonly domain: 'vpc';
  instanceId: string | undefined;
  associationId: string | undefined;
  privateIpAddress: string | undefined;
  readonly networkBorderGroup: string;
}
