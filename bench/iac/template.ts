// The stack the IaC benchmarks deploy.

/**
 * A network with public subnets, security groups with rules, instances with data volumes: the mix a team's
 * stack has. `size` sets the tier counts; `instanceType` and `tag` are what the update changes.
 */
export function benchTemplate(size: number, imageId: string, instanceType: string, tag: string): { body: string; count: number } {
  const body: Record<string, unknown> = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.40.0.0/16', Tags: [{ Key: 'tier', Value: tag }] } },
    Gateway: { Type: 'AWS::EC2::InternetGateway' },
    Attachment: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: { Ref: 'Vpc' }, InternetGatewayId: { Ref: 'Gateway' } } },
    Routes: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
    DefaultRoute: { Type: 'AWS::EC2::Route', DependsOn: 'Attachment', Properties: { RouteTableId: { Ref: 'Routes' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Gateway' } } },
  };
  // Each unit adds a subnet, its route table association, a group, a rule, an instance and a volume
  // with its attachment: 7 resources; the 5 above are shared.
  const units = Math.max(1, Math.ceil((size - 5) / 7));
  for (let unit = 0; unit < units; unit++) {
    body[`Subnet${unit}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: `10.40.${unit}.0/24`, AvailabilityZone: { 'Fn::Select': [unit % 3, { 'Fn::GetAZs': '' }] } } };
    body[`Association${unit}`] = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: `Subnet${unit}` }, RouteTableId: { Ref: 'Routes' } } };
    body[`Group${unit}`] = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: `tier ${unit}`, VpcId: { Ref: 'Vpc' }, Tags: [{ Key: 'tier', Value: tag }] } };
    body[`Https${unit}`] = { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { Ref: `Group${unit}` }, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8', Description: 'https inside' } };
    body[`Server${unit}`] = { Type: 'AWS::EC2::Instance', Properties: { ImageId: imageId, InstanceType: instanceType, SubnetId: { Ref: `Subnet${unit}` }, SecurityGroupIds: [{ Ref: `Group${unit}` }] } };
    body[`Data${unit}`] = { Type: 'AWS::EC2::Volume', Properties: { Size: 20, VolumeType: 'gp3', Encrypted: true, AvailabilityZone: { 'Fn::GetAtt': [`Server${unit}`, 'AvailabilityZone'] } } };
    body[`DataAttachment${unit}`] = { Type: 'AWS::EC2::VolumeAttachment', Properties: { InstanceId: { Ref: `Server${unit}` }, VolumeId: { Ref: `Data${unit}` }, Device: '/dev/sdf' } };
  }
  return { body: JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: body }), count: Object.keys(body).length };
}
