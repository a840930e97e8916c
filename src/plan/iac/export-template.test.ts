import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Inventory } from '../../cloud/inventory.js';
import { SAMPLE_IDS as ids, sampleInventory } from '../../cloud/testing/sample-inventory.js';
import { exportTemplate } from './export-template.js';
import { renderTemplate } from './render-template.js';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }>;

function resourcesOf(inventory: Inventory, options: Parameters<typeof exportTemplate>[1] = {}): Resources {
  return exportTemplate(inventory, options).template.Resources as unknown as Resources;
}

describe('exportTemplate', () => {
  it('writes every kind of the sample shop, named after the Name tags, with references between the exported resources', () => {
    const exported = exportTemplate(sampleInventory());
    const resources = exported.template.Resources as unknown as Resources;
    const types = new Set(Object.values(resources).map((resource) => resource.Type));
    for (const type of [
      'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::InternetGateway', 'AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::RouteTable', 'AWS::EC2::Route',
      'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::SecurityGroup', 'AWS::EC2::Instance', 'AWS::EC2::Volume', 'AWS::EC2::VolumeAttachment',
      'AWS::EC2::EIP', 'AWS::EC2::EIPAssociation', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::TargetGroup',
      'AWS::ElasticLoadBalancingV2::Listener',
    ]) assert.ok(types.has(type), `${type} is missing`);
    assert.equal(exported.logicalIds[ids.web1], 'Web1Instance');
    assert.equal(exported.logicalIds[ids.publicA], 'PublicASubnet');
    assert.equal(exported.logicalIds[ids.lbSg], 'LbSg', 'a name ending in a word for its kind keeps its name');
    assert.deepEqual(resources['Web1Instance']!.Properties['SubnetId'], { Ref: 'PublicASubnet' });
    assert.deepEqual(resources['Web1Instance']!.Properties['SecurityGroupIds'], [{ 'Fn::GetAtt': ['WebSg', 'GroupId'] }]);
    assert.deepEqual(resources['ShopLbListener80']!.Properties['DefaultActions'], [{ Type: 'forward', TargetGroupArn: { Ref: 'ShopTg' } }]);
    assert.deepEqual(resources['ShopTg']!.Properties['Targets'], [{ Id: { Ref: 'Api1Instance' } }, { Id: { Ref: 'Web1Instance' } }, { Id: { Ref: 'Web2Instance' } }]);
    assert.deepEqual(resources['ApiIpAssociation']!.Properties, { AllocationId: { 'Fn::GetAtt': ['ApiIp', 'AllocationId'] }, InstanceId: { Ref: 'Api1Instance' } });
    assert.deepEqual(resources['PublicRtDefaultRoute']!.DependsOn, ['MainIgwAttachment'], 'a route through a gateway waits for its attachment');
    assert.deepEqual(resources['ApiDataVolumeAttachment']!.Properties, { InstanceId: { Ref: 'Api1Instance' }, VolumeId: { Ref: 'ApiDataVolume' }, Device: '/dev/sdf' });
  });

  it('leaves out the defaults AWS creates, terminated instances and root volumes (kept in the instance), and names only the key pair as a parameter', () => {
    const exported = exportTemplate(sampleInventory());
    const exportedIds = Object.keys(exported.logicalIds);
    for (const id of [ids.defaultVpc, ids.defaultSubnetA, ids.defaultIgw, ids.defaultRouteTable, ids.defaultSecurityGroup, ids.mainVpcDefaultSg, ids.mainRouteTable, ids.old1, ids.web1Root, ids.keyPair]) {
      assert.ok(!exportedIds.includes(id), `${id} should not be exported`);
    }
    assert.deepEqual(Object.keys(exported.template.Parameters ?? {}), ['DeployKeyName']);
    const web1 = (exported.template.Resources as unknown as Resources)['Web1Instance']!;
    assert.deepEqual(web1.Properties['BlockDeviceMappings'], [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8, VolumeType: 'gp3' } }]);
    assert.deepEqual(web1.Properties['KeyName'], { Ref: 'DeployKeyName' });
    assert.match(exported.notes.join('\n'), /db-1 is stopped; a stack creates it running/);
  });

  it('turns references to resources outside the export into typed parameters with the current value as default', () => {
    const exported = exportTemplate(sampleInventory(), { resourceIds: [ids.web1] });
    assert.deepEqual(Object.keys(exported.template.Resources), ['Web1Instance']);
    assert.deepEqual(exported.template.Parameters, {
      DeployKeyName: { Type: 'AWS::EC2::KeyPair::KeyName', Default: 'deploy', Description: 'key pair deploy (key-0a1b2c3d4e5f60001), kept outside the template' },
      PublicASubnetId: { Type: 'AWS::EC2::Subnet::Id', Default: ids.publicA, Description: `subnet public-a (${ids.publicA}), kept outside the template` },
      WebSgId: { Type: 'AWS::EC2::SecurityGroup::Id', Default: ids.webSg, Description: `security group web-sg (${ids.webSg}), kept outside the template` },
    });
    const web1 = (exported.template.Resources as unknown as Resources)['Web1Instance']!;
    assert.deepEqual(web1.Properties['SubnetId'], { Ref: 'PublicASubnetId' });
    assert.deepEqual(web1.Properties['SecurityGroupIds'], [{ Ref: 'WebSgId' }]);
  });

  it('with includeDependencies writes the network the instance needs instead of parameters, default VPC still a parameter', () => {
    const exported = exportTemplate(sampleInventory(), { resourceIds: [ids.web1], includeDependencies: true });
    assert.deepEqual(Object.keys(exported.logicalIds).sort(), [ids.web1, ids.igw, ids.webSg, ids.publicA, ids.publicB, ids.publicRouteTable, ids.vpc].sort());
    assert.deepEqual(Object.keys(exported.template.Parameters ?? {}), ['DeployKeyName']);
    const loose = exportTemplate(sampleInventory(), { resourceIds: [ids.logs], includeDependencies: true });
    assert.deepEqual(Object.keys(loose.template.Resources), ['LogsVolume']);
  });

  it('exports a default resource when it is named, and says why it skips what it cannot write', () => {
    const exported = exportTemplate(sampleInventory(), { resourceIds: [ids.defaultVpc, ids.keyPair, ids.mainRouteTable, ids.web1Root, 'vpc-0nothere'] });
    assert.deepEqual(Object.keys(exported.logicalIds), [ids.defaultVpc]);
    assert.deepEqual(exported.skipped.map((skip) => skip.id), [ids.keyPair, ids.mainRouteTable, ids.web1Root, 'vpc-0nothere']);
    assert.match(exported.skipped[1]!.reason, /main route table comes with its VPC/);
    assert.match(exported.skipped[2]!.reason, /root volume of web-1 .* export the instance/);
    assert.match(exported.skipped[3]!.reason, /no resource with this id/);
  });

  it("uses the exported VPC's DefaultSecurityGroup for its default group, and a parameter when the VPC stays outside", () => {
    const base = sampleInventory();
    const inventory = { ...base, instances: base.instances.map((instance) => (instance.id === ids.web3 ? { ...instance, securityGroupIds: [ids.mainVpcDefaultSg] } : instance)) };
    assert.deepEqual(resourcesOf(inventory)['Web3Instance']!.Properties['SecurityGroupIds'], [{ 'Fn::GetAtt': ['MainVpc', 'DefaultSecurityGroup'] }]);
    const alone = exportTemplate(inventory, { resourceIds: [ids.web3] });
    assert.deepEqual((alone.template.Resources as unknown as Resources)['Web3Instance']!.Properties['SecurityGroupIds'], [{ Ref: 'MainVpcDefaultSecurityGroupId' }]);
  });

  it('keeps templates clean: no aws:* tags, no allow-all egress AWS adds anyway, no AWS defaults, no read-only state', () => {
    const base = sampleInventory();
    const inventory: Inventory = {
      ...base,
      instances: base.instances.map((instance) => (instance.id === ids.web2 ? { ...instance, tags: { ...instance.tags, 'aws:cloudformation:stack-name': 'old', team: 'shop' } } : instance)),
      loadBalancers: base.loadBalancers.map((balancer) => ({ ...balancer, scheme: 'internal' })),
    };
    const resources = resourcesOf(inventory);
    assert.deepEqual(resources['Web2Instance']!.Properties['Tags'], [{ Key: 'Name', Value: 'web-2' }, { Key: 'team', Value: 'shop' }]);
    assert.equal(resources['WebSg']!.Properties['SecurityGroupEgress'], undefined);
    assert.equal(resources['ShopLb']!.Properties['Scheme'], 'internal');
    assert.equal(resources['ShopLb']!.Properties['Type'], undefined, 'application is the default type');
    assert.equal(resources['ShopTg']!.Properties['TargetType'], undefined, 'instance is the default target type');
    assert.equal(resources['ApiDataVolume']!.Properties['Iops'], undefined, "gp3's baseline 3000 IOPS are left to AWS");
    const text = JSON.stringify(resources);
    for (const state of ['"PrivateIpAddress"', '"PublicIp"', 'running', 'DNSName', 'launchTime', '54.0.0.11', '10.0.1.11', 'us-east-1.elb.amazonaws.com']) assert.ok(!text.includes(state), `${state} is state, not configuration`);
  });

  it('writes rules between exported groups as separate resources (inline they would be a cycle) and keeps allow-all egress next to other egress rules', () => {
    const base = sampleInventory();
    const inventory: Inventory = {
      ...base,
      securityGroups: base.securityGroups.map((group) => (group.id !== ids.webSg ? group : {
        ...group,
        rules: [
          ...group.rules,
          { direction: 'ingress', protocol: 'tcp', fromPort: 8080, toPort: 8080, source: ids.lbSg, description: 'from the load balancer', ruleId: undefined },
          { direction: 'ingress', protocol: '-1', fromPort: undefined, toPort: undefined, source: ids.webSg, description: undefined, ruleId: undefined },
          { direction: 'egress', protocol: 'tcp', fromPort: 5432, toPort: 5432, source: '10.0.2.0/24', description: 'database', ruleId: undefined },
        ],
      })),
    };
    const resources = resourcesOf(inventory);
    assert.deepEqual(resources['WebSgIngress8080FromLbSg'], {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: { GroupId: { 'Fn::GetAtt': ['WebSg', 'GroupId'] }, IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: { 'Fn::GetAtt': ['LbSg', 'GroupId'] }, Description: 'from the load balancer' },
    });
    assert.equal(resources['WebSgIngressAllFromSelf']?.Type, 'AWS::EC2::SecurityGroupIngress');
    assert.equal((resources['WebSg']!.Properties['SecurityGroupIngress'] as unknown[]).length, 2, 'only the CIDR rules stay inline');
    assert.deepEqual(resources['WebSg']!.Properties['SecurityGroupEgress'], [
      { IpProtocol: '-1', CidrIp: '0.0.0.0/0' },
      { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '10.0.2.0/24', Description: 'database' },
    ]);
  });

  it('gives a spot instance a launch template asking for the spot market', () => {
    const base = sampleInventory();
    const inventory = { ...base, instances: base.instances.map((instance) => (instance.id === ids.web3 ? { ...instance, lifecycle: 'spot' as const } : instance)) };
    const resources = resourcesOf(inventory, { resourceIds: [ids.web3] });
    assert.deepEqual(resources['Web3InstanceLaunchTemplate']!.Properties, { LaunchTemplateData: { InstanceMarketOptions: { MarketType: 'spot' } } });
    assert.deepEqual(resources['Web3Instance']!.Properties['LaunchTemplate'], {
      LaunchTemplateId: { Ref: 'Web3InstanceLaunchTemplate' }, Version: { 'Fn::GetAtt': ['Web3InstanceLaunchTemplate', 'LatestVersionNumber'] },
    });
  });

  it('is deterministic: the same cloud read in another order gives the same text, and equal names get numbers in id order', () => {
    const base = sampleInventory();
    const reversed: Inventory = {
      ...base,
      subnets: [...base.subnets].reverse(), instances: [...base.instances].reverse(), volumes: [...base.volumes].reverse(),
      securityGroups: [...base.securityGroups].reverse(), routeTables: [...base.routeTables].reverse(),
    };
    assert.equal(renderTemplate(exportTemplate(reversed).template, 'yaml'), renderTemplate(exportTemplate(base).template, 'yaml'));
    const twins = { ...base, instances: base.instances.map((instance) => (instance.id === ids.web3 ? { ...instance, name: 'web-2', tags: { Name: 'web-2' } } : instance)) };
    const named = exportTemplate(twins).logicalIds;
    assert.equal(named[ids.web2], 'Web2Instance');
    assert.equal(named[ids.web3], 'Web2Instance2');
  });

  it('renders YAML with long-form intrinsics and a quoted version, and JSON, both reading back as the template', () => {
    const { template } = exportTemplate(sampleInventory(), { resourceIds: [ids.web1] });
    const yaml = renderTemplate(template, 'yaml');
    assert.match(yaml, /^AWSTemplateFormatVersion: "2010-09-09"$/m);
    assert.match(yaml, /SubnetId:\n\s+Ref: PublicASubnetId/);
    assert.ok(!yaml.includes('!Ref'));
    assert.deepEqual(parse(yaml), template);
    assert.deepEqual(JSON.parse(renderTemplate(template, 'json')), template);
  });
});
