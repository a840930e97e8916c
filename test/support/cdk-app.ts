import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { InstanceIdTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';

/** What the test changes between deployments of the CDK web app. */
export interface CdkWebOptions {
  /** Adds an HTTPS rule from anywhere to the web group. */
  readonly https?: boolean;
  readonly instanceType?: string;
  /** Which public subnet the instance runs in: moving it replaces the instance. */
  readonly subnetIndex?: 0 | 1;
}

/**
 * Synthesizes the CDK web app exactly as `cdk synth` does (App, Stack, app.synth() into a cloud assembly,
 * default synthesizer, version reporting on as the CDK CLI sets it) and returns the template file the
 * assembly holds, as text. Constructs that add IAM roles or Lambda functions are avoided:
 * - ec2.Instance creates an IAM role and instance profile, so the instance is an ec2.CfnInstance;
 * - ec2.Vpc's restrictDefaultSecurityGroup (on by default) adds a Custom::VpcRestrictDefaultSG with a
 *   Lambda function and role, so it is turned off;
 * - NAT gateways need private-with-egress subnets and EIPs per zone, so the VPC has natGateways: 0 with
 *   public and isolated subnets only; ALB access logs (a bucket and policy) are left off.
 */
export function synthesizeCdkWeb(options: CdkWebOptions = {}): string {
  const outdir = mkdtempSync(join(tmpdir(), 'cirro-cdk-'));
  try {
    const app = new App({ outdir, analyticsReporting: true });
    const stack = new Stack(app, 'CdkWeb');
    const vpc = new ec2.Vpc(stack, 'Network', {
      ipAddresses: ec2.IpAddresses.cidr('10.40.0.0/16'),
      maxAzs: 2,
      natGateways: 0,
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    const webGroup = new ec2.SecurityGroup(stack, 'WebGroup', { vpc, description: 'web servers' });
    webGroup.addIngressRule(ec2.Peer.ipv4('10.40.0.0/16'), ec2.Port.tcp(22), 'ssh from inside the network');
    if (options.https) webGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'https from anywhere');
    const subnet = vpc.publicSubnets[options.subnetIndex ?? 0]!;
    const web = new ec2.CfnInstance(stack, 'Web', {
      imageId: ec2.MachineImage.latestAmazonLinux2023().getImage(stack).imageId,
      instanceType: options.instanceType ?? 't3.micro',
      subnetId: subnet.subnetId,
      securityGroupIds: [webGroup.securityGroupId],
    });
    const address = new ec2.CfnEIP(stack, 'WebAddress', { domain: 'vpc', instanceId: web.ref });
    const data = new ec2.CfnVolume(stack, 'Data', { availabilityZone: vpc.isolatedSubnets[0]!.availabilityZone, size: 20, volumeType: 'gp3' });
    const balancer = new elbv2.ApplicationLoadBalancer(stack, 'Balancer', { vpc, internetFacing: true });
    const listener = balancer.addListener('Http', { port: 80, open: true });
    listener.addTargets('Web', { port: 8080, targets: [new InstanceIdTarget(web.ref, 8080)], healthCheck: { path: '/health' } });
    webGroup.connections.allowFrom(balancer, ec2.Port.tcp(8080), 'from the load balancer');
    new CfnOutput(stack, 'BalancerDns', { value: balancer.loadBalancerDnsName });
    new CfnOutput(stack, 'AddressIp', { value: address.ref });
    new CfnOutput(stack, 'DataVolume', { value: data.ref });
    const assembly = app.synth();
    return readFileSync(assembly.getStackByName(stack.stackName).templateFullPath, 'utf8');
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
