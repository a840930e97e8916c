import type { InternetGatewayView, RouteTableView, SecurityGroupView, SecurityRuleView, SubnetView, VpcView } from '../../cloud/inventory.js';
import { pascalCase } from './logical-ids.js';
import { compact, templateTags, type TemplateBuilder } from './template-builder.js';

/** Writes an AWS::EC2::VPC. */
export function writeVpc(builder: TemplateBuilder, vpc: VpcView): void {
  builder.add(builder.logicalId(vpc.id), { Type: 'AWS::EC2::VPC', Properties: compact({ CidrBlock: vpc.cidrBlock, Tags: templateTags(vpc.tags) }) });
}

/** Writes an AWS::EC2::Subnet (MapPublicIpOnLaunch only when on: off is what AWS gives a new subnet). */
export function writeSubnet(builder: TemplateBuilder, subnet: SubnetView): void {
  builder.add(builder.logicalId(subnet.id), {
    Type: 'AWS::EC2::Subnet',
    Properties: compact({
      VpcId: builder.reference(subnet.vpcId),
      CidrBlock: subnet.cidrBlock,
      AvailabilityZone: subnet.availabilityZone || undefined,
      MapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch ? true : undefined,
      Tags: templateTags(subnet.tags),
    }),
  });
}

/** Writes an AWS::EC2::InternetGateway and, when it is attached, its AWS::EC2::VPCGatewayAttachment. */
export function writeInternetGateway(builder: TemplateBuilder, gateway: InternetGatewayView, attachments: Map<string, string>): void {
  const logical = builder.logicalId(gateway.id);
  builder.add(logical, { Type: 'AWS::EC2::InternetGateway', Properties: compact({ Tags: templateTags(gateway.tags) }) });
  if (!gateway.vpcId) return;
  const attachment = builder.claim(`${logical}Attachment`);
  attachments.set(gateway.id, attachment);
  builder.add(attachment, {
    Type: 'AWS::EC2::VPCGatewayAttachment',
    Properties: { VpcId: builder.reference(gateway.vpcId), InternetGatewayId: { Ref: logical } },
  });
}

/** The Route property each kind of route target goes in. */
const ROUTE_TARGETS: readonly [string, string][] = [
  ['igw-', 'GatewayId'], ['vgw-', 'GatewayId'], ['nat-', 'NatGatewayId'], ['i-', 'InstanceId'], ['eni-', 'NetworkInterfaceId'],
  ['pcx-', 'VpcPeeringConnectionId'], ['tgw-', 'TransitGatewayId'], ['eigw-', 'EgressOnlyInternetGatewayId'],
];

/**
 * Writes an AWS::EC2::RouteTable, one AWS::EC2::Route per route (the `local` route comes with the VPC),
 * and one AWS::EC2::SubnetRouteTableAssociation per associated subnet. A route through an internet
 * gateway waits for the gateway's attachment, as AWS requires.
 */
export function writeRouteTable(builder: TemplateBuilder, table: RouteTableView, attachments: ReadonlyMap<string, string>): void {
  const logical = builder.logicalId(table.id);
  builder.add(logical, { Type: 'AWS::EC2::RouteTable', Properties: compact({ VpcId: builder.reference(table.vpcId), Tags: templateTags(table.tags) }) });
  const routes = [...table.routes].filter((route) => route.target !== 'local').sort((left, right) => left.destination.localeCompare(right.destination));
  for (const route of routes) {
    const target = route.target && ROUTE_TARGETS.find(([prefix]) => route.target!.startsWith(prefix));
    if (!route.target || !target) {
      builder.note(`${logical}: the route to ${route.destination} has no target the template can name (${route.target ?? 'blackhole'}); left out`);
      continue;
    }
    const destination = route.destination.startsWith('pl-') ? 'DestinationPrefixListId' : route.destination.includes(':') ? 'DestinationIpv6CidrBlock' : 'DestinationCidrBlock';
    const name = route.destination === '0.0.0.0/0' ? `${logical}DefaultRoute` : `${logical}Route${pascalCase(route.destination.replace(/[./:]/g, 'x'))}`;
    const attachment = attachments.get(route.target);
    builder.add(builder.claim(name), {
      Type: 'AWS::EC2::Route',
      Properties: { RouteTableId: { Ref: logical }, [destination]: route.destination, [target[1]]: builder.reference(route.target) },
      ...(attachment ? { DependsOn: [attachment] } : {}),
    });
  }
  for (const subnetId of [...table.subnetIds].sort()) {
    const subnetName = builder.isExported(subnetId) ? builder.logicalId(subnetId) : `${logical}Subnet`;
    builder.add(builder.claim(`${subnetName}RouteTableAssociation`), {
      Type: 'AWS::EC2::SubnetRouteTableAssociation',
      Properties: { RouteTableId: { Ref: logical }, SubnetId: builder.reference(subnetId) },
    });
  }
}

/** True for the allow-all egress rule AWS gives every new group. */
function isDefaultEgress(rule: SecurityRuleView): boolean {
  return rule.direction === 'egress' && rule.protocol === '-1' && rule.source === '0.0.0.0/0' && !rule.description;
}

/** The rule's peer as a template property: a CIDR, a prefix list, or a security group. */
function peerProperty(rule: SecurityRuleView): string {
  const ingress = rule.direction === 'ingress';
  if (rule.source.startsWith('sg-')) return ingress ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId';
  if (rule.source.startsWith('pl-')) return ingress ? 'SourcePrefixListId' : 'DestinationPrefixListId';
  return rule.source.includes(':') ? 'CidrIpv6' : 'CidrIp';
}

function ruleProperties(builder: TemplateBuilder, rule: SecurityRuleView): Record<string, unknown> {
  const allTraffic = rule.protocol === '-1';
  return compact({
    IpProtocol: rule.protocol,
    FromPort: allTraffic ? undefined : rule.fromPort,
    ToPort: allTraffic ? undefined : rule.toPort,
    [peerProperty(rule)]: rule.source.startsWith('sg-') ? builder.reference(rule.source) : rule.source,
    Description: rule.description,
  });
}

function compareRules(left: SecurityRuleView, right: SecurityRuleView): number {
  const key = (rule: SecurityRuleView) => `${rule.protocol}|${String(rule.fromPort ?? '').padStart(5, '0')}|${String(rule.toPort ?? '').padStart(5, '0')}|${rule.source}`;
  return key(left).localeCompare(key(right));
}

/**
 * Writes an AWS::EC2::SecurityGroup with its rules inline, except rules whose peer is a group in the
 * same template: those become AWS::EC2::SecurityGroupIngress/Egress resources, because inline references
 * between groups (or to the group itself) are circular dependencies CloudFormation refuses. The
 * allow-all egress rule is left out when it is the only one, since AWS adds it to every new group.
 */
export function writeSecurityGroup(builder: TemplateBuilder, group: SecurityGroupView): void {
  const logical = builder.logicalId(group.id);
  const inTemplate = (rule: SecurityRuleView) => rule.source.startsWith('sg-') && builder.resolvesInside(rule.source);
  const rules = [...group.rules].sort(compareRules);
  const ingress = rules.filter((rule) => rule.direction === 'ingress');
  const egress = rules.filter((rule) => rule.direction === 'egress');
  const onlyDefaultEgress = egress.length === 1 && isDefaultEgress(egress[0]!);
  if (egress.length === 0) builder.note(`${logical}: the group allows no outbound traffic; CloudFormation gives a new group the allow-all egress rule unless the template lists other egress rules`);
  const inline = (list: SecurityRuleView[]) => {
    const kept = list.filter((rule) => !inTemplate(rule)).map((rule) => ruleProperties(builder, rule));
    return kept.length > 0 ? kept : undefined;
  };
  builder.add(logical, {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: compact({
      GroupName: group.groupName,
      GroupDescription: group.description || group.groupName,
      VpcId: builder.reference(group.vpcId),
      SecurityGroupIngress: inline(ingress),
      SecurityGroupEgress: onlyDefaultEgress ? undefined : inline(egress),
      Tags: templateTags(group.tags),
    }),
  });
  for (const rule of rules.filter(inTemplate)) {
    const direction = rule.direction === 'ingress' ? 'Ingress' : 'Egress';
    const ports = rule.protocol === '-1' ? 'All' : `${rule.fromPort ?? ''}${rule.toPort !== rule.fromPort ? `To${rule.toPort ?? ''}` : ''}`;
    const peer = builder.view(rule.source)?.id === group.id ? 'Self' : pascalCase(builder.logicalIds.get(rule.source) ?? rule.source);
    builder.add(builder.claim(`${logical}${direction}${ports}${rule.direction === 'ingress' ? 'From' : 'To'}${peer}`), {
      Type: `AWS::EC2::SecurityGroup${direction}`,
      Properties: { GroupId: { 'Fn::GetAtt': [logical, 'GroupId'] }, ...ruleProperties(builder, rule) },
    });
  }
}
