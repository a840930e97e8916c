import type { Effect } from './types.js';

/**
 * Operations whose names mislead the prefix rules below, keyed `service:Operation`. The gateway sees
 * single calls, so it cannot know what a plan knows: ModifyInstanceAttribute with an InstanceType is
 * update-stop-start in a plan (the plan stops the instance first), but the call itself is a live update
 * of a stopped instance, and StopInstances is a live update of its own.
 */
const EXCEPTIONS: Readonly<Record<string, Effect>> = {
  // Tagging changes a resource in place; it neither creates nor deletes one.
  'ec2:CreateTags': 'update-live',
  'ec2:DeleteTags': 'update-live',
  'elbv2:AddTags': 'update-live',
  'elbv2:RemoveTags': 'update-live',
  // Taking an instance out of a target group is a membership change, not a deletion.
  'elbv2:DeregisterTargets': 'update-live',
  // Undoing an attachment or a rule leaves every resource in place.
  'ec2:DetachVolume': 'update-live',
  'ec2:DetachInternetGateway': 'update-live',
  'ec2:DetachNetworkInterface': 'update-live',
  'ec2:DisassociateAddress': 'update-live',
  'ec2:DisassociateRouteTable': 'update-live',
  'ec2:RevokeSecurityGroupIngress': 'update-live',
  'ec2:RevokeSecurityGroupEgress': 'update-live',
  // Power changes: the instance stays; a plan that stops to resize marks its steps update-stop-start itself.
  'ec2:StopInstances': 'update-live',
  'ec2:StartInstances': 'update-live',
  'ec2:RebootInstances': 'update-live',
  'ec2:ModifyInstanceAttribute': 'update-live',
  // "Replace" here swaps an entry inside a route table or ACL; the table itself stays.
  'ec2:ReplaceRoute': 'update-live',
  'ec2:ReplaceRouteTableAssociation': 'update-live',
  'ec2:ReplaceNetworkAclEntry': 'update-live',
  'ec2:ReplaceNetworkAclAssociation': 'update-live',
  'ec2:ReplaceIamInstanceProfileAssociation': 'update-live',
  // These make new resources although their names do not start with Create/Run.
  'ec2:RequestSpotInstances': 'create',
  'ec2:RequestSpotFleet': 'create',
  'ec2:CopyImage': 'create',
  'ec2:CopySnapshot': 'create',
  'ec2:RegisterImage': 'create',
  'ec2:PurchaseReservedInstancesOffering': 'create',
  'ec2:PurchaseHostReservation': 'create',
  'ec2:PurchaseScheduledInstances': 'create',
  // Issuing temporary credentials changes no resource in the cloud.
  'sts:AssumeRole': 'read',
  'sts:AssumeRoleWithSAML': 'read',
  'sts:AssumeRoleWithWebIdentity': 'read',
  'sts:DecodeAuthorizationMessage': 'read',
  // Drift detection compares the stack with the cloud and changes neither (IAM lists it as a Read action).
  'cloudformation:DetectStackDrift': 'read',
  'cloudformation:DetectStackResourceDrift': 'read',
  'cloudformation:DetectStackSetDrift': 'read',
};

/** Other names the same services go by (signing names, SDK client names). */
const SERVICE_ALIASES: Readonly<Record<string, string>> = {
  elasticloadbalancing: 'elbv2',
  'elastic-load-balancing-v2': 'elbv2',
  'elastic-load-balancing': 'elbv2',
};

const PREFIX_RULES: readonly (readonly [RegExp, Effect])[] = [
  [/^(Describe|Get|List|Search)/, 'read'],
  [/^(Create|Run|Allocate|Import)/, 'create'],
  [/^(Terminate|Delete|Release|Deregister|Cancel)/, 'delete'],
];

/**
 * What a single API call does to the cloud, from its operation name: Describe/Get/List read;
 * Create/Run/Allocate/Import create; Terminate/Delete/Release/Deregister/Cancel delete; anything else
 * is a live update, except where the exception table knows the name misleads.
 */
export function effectOfOperation(service: string, operation: string): Effect {
  const normalized = SERVICE_ALIASES[service.toLowerCase()] ?? service.toLowerCase();
  const exception = EXCEPTIONS[`${normalized}:${operation}`];
  if (exception) return exception;
  for (const [pattern, effect] of PREFIX_RULES) if (pattern.test(operation)) return effect;
  return 'update-live';
}
