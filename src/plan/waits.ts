import type { ParameterValue, WaitSpec } from './plan.js';

const MINUTES = 60;

/** Wait until instances reach a state (running, stopped, terminated). */
export function instanceState(ids: ParameterValue[], state: 'running' | 'stopped' | 'terminated', who: string): WaitSpec {
  return {
    description: `${who} to be ${state}`,
    call: { service: 'ec2', operation: 'DescribeInstances', input: { InstanceIds: ids } },
    path: 'Reservations[].Instances[].State.Name',
    until: [state],
    failOn: state === 'running' ? ['terminated', 'shutting-down'] : [],
    timeoutSeconds: 15 * MINUTES,
  };
}

/** Wait until a volume is available or in use. */
export function volumeState(id: ParameterValue, state: 'available' | 'in-use', who: string): WaitSpec {
  return {
    description: `${who} to be ${state}`,
    call: { service: 'ec2', operation: 'DescribeVolumes', input: { VolumeIds: [id] } },
    path: 'Volumes[].State',
    until: [state],
    failOn: ['error', 'deleted'],
    timeoutSeconds: 10 * MINUTES,
  };
}

/** Wait until a volume's attachment is attached. */
export function volumeAttached(id: ParameterValue, who: string): WaitSpec {
  return {
    description: `${who} to be attached`,
    call: { service: 'ec2', operation: 'DescribeVolumes', input: { VolumeIds: [id] } },
    path: 'Volumes[].Attachments[].State',
    until: ['attached'],
    timeoutSeconds: 10 * MINUTES,
  };
}

/** Wait until an image is available. */
export function imageAvailable(id: ParameterValue, who: string): WaitSpec {
  return {
    description: `${who} to be available`,
    call: { service: 'ec2', operation: 'DescribeImages', input: { ImageIds: [id] } },
    path: 'Images[].State',
    until: ['available'],
    failOn: ['failed', 'deregistered'],
    timeoutSeconds: 60 * MINUTES,
  };
}

/** Wait until detailed monitoring is on or off. */
export function monitoringState(ids: ParameterValue[], state: 'enabled' | 'disabled', who: string): WaitSpec {
  return {
    description: `detailed monitoring of ${who} to be ${state}`,
    call: { service: 'ec2', operation: 'DescribeInstances', input: { InstanceIds: ids } },
    path: 'Reservations[].Instances[].Monitoring.State',
    until: [state],
    timeoutSeconds: 10 * MINUTES,
  };
}

/** Wait until a load balancer is active. */
export function loadBalancerActive(arn: ParameterValue, who: string): WaitSpec {
  return {
    description: `${who} to be active`,
    call: { service: 'elbv2', operation: 'DescribeLoadBalancers', input: { LoadBalancerArns: [arn] } },
    path: 'LoadBalancers[].State.Code',
    until: ['active'],
    failOn: ['failed'],
    timeoutSeconds: 20 * MINUTES,
  };
}

/** Wait until a subnet or VPC is available. */
export function vpcAvailable(id: ParameterValue, who: string): WaitSpec {
  return {
    description: `${who} to be available`,
    call: { service: 'ec2', operation: 'DescribeVpcs', input: { VpcIds: [id] } },
    path: 'Vpcs[].State',
    until: ['available'],
    timeoutSeconds: 5 * MINUTES,
  };
}
