import type { SubnetView } from '../../cloud/inventory.js';
import { resourceLabel } from './labels.js';
import { NEW_ADDRESS, PUBLIC_IP_AT_LAUNCH } from './projection-ec2-compute.js';
import { defineRule, type AnyComplianceRule } from './rule.js';

/** Why a subnet counts as private (a `tier`/`Tier` tag of `private`, a `private=true` tag, or "private" in its Name), or undefined. */
export function privateMarker(subnet: SubnetView): string | undefined {
  for (const [key, value] of Object.entries(subnet.tags)) {
    if (key.toLowerCase() === 'tier' && value.toLowerCase() === 'private') return `tag ${key}=${value}`;
    if (key.toLowerCase() === 'private' && value.toLowerCase() === 'true') return `tag ${key}=${value}`;
  }
  return subnet.name && /private/i.test(subnet.name) ? 'its name' : undefined;
}

/** The built-in rules for instances, volumes, Elastic IPs and load balancers. */
export const RESOURCE_RULES: readonly AnyComplianceRule[] = [
  defineRule({
    id: 'CIRRO-EC2-006',
    severity: 'high',
    kind: 'volume',
    title: 'EBS volumes are encrypted',
    equivalents: ['CKV_AWS_3', 'CKV_AWS_8', 'AVD-AWS-0026', 'AVD-AWS-0131'],
    check: (volume, state) => {
      if (volume.encrypted) return undefined;
      const fromImage = state.created.has(volume.id) && volume.attachment?.device === '';
      return fromImage ? 'is not encrypted (no block device mapping asks for it, so it takes the image\'s snapshot as it is)' : 'is not encrypted';
    },
    fix: 'create it with Encrypted: true (for RunInstances, Ebs.Encrypted=true in a block device mapping for every volume, the root device\'s too), or turn on EBS encryption by default for the account and region',
  }),
  defineRule({
    id: 'CIRRO-EC2-007',
    severity: 'high',
    kind: 'instance',
    title: 'Instances require IMDSv2 (instance metadata HttpTokens=required)',
    equivalents: ['CKV_AWS_79', 'AVD-AWS-0028'],
    check: (instance) => {
      if (instance.metadataHttpEndpoint === 'disabled' || instance.metadataHttpTokens === 'required') return undefined;
      return instance.metadataHttpTokens === undefined
        ? 'does not require IMDSv2 (MetadataOptions.HttpTokens is not set, so the image\'s default applies and IMDSv1 may answer)'
        : `allows IMDSv1 (instance metadata HttpTokens is ${instance.metadataHttpTokens})`;
    },
    fix: 'require IMDSv2: launch with MetadataOptions HttpTokens=required, or run ModifyInstanceMetadataOptions with HttpTokens=required on the instance',
  }),
  defineRule({
    id: 'CIRRO-EC2-008',
    severity: 'high',
    kind: 'instance',
    title: 'Instances in subnets marked private have no public IP address',
    equivalents: ['CKV_AWS_88'],
    check: (instance, state) => {
      if (!instance.publicIpAddress) return undefined;
      const subnet = state.byId.get(instance.subnetId ?? '');
      const marker = subnet?.kind === 'subnet' ? privateMarker(subnet) : undefined;
      if (!subnet || !marker) return undefined;
      const placeholder = instance.publicIpAddress === PUBLIC_IP_AT_LAUNCH || instance.publicIpAddress === NEW_ADDRESS;
      const address = placeholder ? instance.publicIpAddress : `public IP ${instance.publicIpAddress}`;
      return `gets ${address}, but its subnet ${resourceLabel(subnet, state)} is marked private (${marker})`;
    },
    fix: 'keep it private: launch without a public address (NetworkInterfaces AssociatePublicIpAddress=false) and reach it through a load balancer, a bastion or SSM; or use a public subnet if it must face the internet',
  }),
  defineRule({
    id: 'CIRRO-EC2-009',
    severity: 'low',
    kind: 'elastic-ip',
    title: 'Elastic IPs are attached to an instance',
    equivalents: ['CKV2_AWS_19'],
    check: (address) => (address.instanceId || address.associationId ? undefined : 'is not attached to any instance (an idle Elastic IP is billed by the hour)'),
    fix: 'associate it with the instance that needs it, or release it if nothing does',
  }),
  defineRule({
    id: 'CIRRO-ELB-001',
    severity: 'low',
    kind: 'load-balancer',
    title: 'Load balancers have deletion protection on',
    equivalents: ['CKV_AWS_150'],
    check: (balancer) => (balancer.deletionProtection === false ? 'has deletion protection off, so one mistaken call deletes it' : undefined),
    fix: 'turn it on with ModifyLoadBalancerAttributes deletion_protection.enabled=true (turn it off again just before a deliberate delete)',
  }),
];
