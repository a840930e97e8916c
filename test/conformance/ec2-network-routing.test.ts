import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateRouteTableCommand, AttachInternetGatewayCommand, CreateInternetGatewayCommand, CreateRouteCommand, CreateRouteTableCommand,
  CreateSubnetCommand, CreateVpcCommand, DeleteInternetGatewayCommand, DeleteRouteCommand, DeleteRouteTableCommand,
  DescribeRouteTablesCommand, DetachInternetGatewayCommand, DisassociateRouteTableCommand,
  ReplaceRouteCommand, ReplaceRouteTableAssociationCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import { startTestGym } from '../support/gym.js';
import { AWS_CLI_INSTALL, awsCli, awsJson, cliErrorCode, findAwsCli } from '../support/aws-cli.js';
import { BOTO3_INSTALL, boto3, boto3Available } from '../support/boto3.js';
import { sdkClients, sdkError } from '../support/sdk.js';
import { requireTool } from '../support/external-tool.js';

async function vpcWithSubnet(ec2: EC2Client, cidr: string): Promise<{ vpc: string; subnet: string; main: string }> {
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr.replace('.0.0/16', '.1.0/24') }))).Subnet!.SubnetId!;
  const tables = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }, { Name: 'association.main', Values: ['true'] }] }));
  return { vpc, subnet, main: tables.RouteTables![0]!.RouteTableId! };
}

describe('internet gateways and route tables, through the three real clients', () => {
  let gym: Gym;
  before(async () => {
    gym = await startTestGym();
  });
  after(async () => {
    await gym.stop();
  });

  it('routes the default VPC to the internet through its attached gateway (AWS CLI)', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const vpc = (await awsJson(gym.endpoint, ['ec2', 'describe-vpcs', '--filters', 'Name=is-default,Values=true'])).Vpcs[0].VpcId;
    const gateways = await awsJson(gym.endpoint, ['ec2', 'describe-internet-gateways', '--filters', `Name=attachment.vpc-id,Values=${vpc}`]);
    assert.equal(gateways.InternetGateways.length, 1);
    const gateway = gateways.InternetGateways[0];
    assert.deepEqual(gateway.Attachments, [{ State: 'available', VpcId: vpc }]);
    const tables = await awsJson(gym.endpoint, ['ec2', 'describe-route-tables', '--filters', `Name=route.gateway-id,Values=${gateway.InternetGatewayId}`]);
    assert.equal(tables.RouteTables.length, 1);
    const routes = tables.RouteTables[0].Routes;
    assert.deepEqual(routes.map((route: any) => [route.DestinationCidrBlock, route.GatewayId, route.State]), [
      ['172.31.0.0/16', 'local', 'active'],
      ['0.0.0.0/0', gateway.InternetGatewayId, 'active'],
    ]);
    assert.equal(tables.RouteTables[0].Associations[0].Main, true);
  });

  it('attaches, refuses a second attachment and deletion while attached, detaches (AWS CLI)', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const vpc = (await awsJson(gym.endpoint, ['ec2', 'create-vpc', '--cidr-block', '10.50.0.0/16'])).Vpc.VpcId;
    const other = (await awsJson(gym.endpoint, ['ec2', 'create-vpc', '--cidr-block', '10.51.0.0/16'])).Vpc.VpcId;
    const gateway = (await awsJson(gym.endpoint, ['ec2', 'create-internet-gateway'])).InternetGateway.InternetGatewayId;
    assert.match(gateway, /^igw-[0-9a-f]{17}$/);
    await awsJson(gym.endpoint, ['ec2', 'attach-internet-gateway', '--internet-gateway-id', gateway, '--vpc-id', vpc]);
    const twice = await awsCli(gym.endpoint, ['ec2', 'attach-internet-gateway', '--internet-gateway-id', gateway, '--vpc-id', other]);
    assert.equal(cliErrorCode(twice), 'Resource.AlreadyAssociated');
    const busy = await awsCli(gym.endpoint, ['ec2', 'delete-internet-gateway', '--internet-gateway-id', gateway]);
    assert.equal(cliErrorCode(busy), 'DependencyViolation');
    const wrong = await awsCli(gym.endpoint, ['ec2', 'detach-internet-gateway', '--internet-gateway-id', gateway, '--vpc-id', other]);
    assert.equal(cliErrorCode(wrong), 'Gateway.NotAttached');
    await awsJson(gym.endpoint, ['ec2', 'detach-internet-gateway', '--internet-gateway-id', gateway, '--vpc-id', vpc]);
    await awsJson(gym.endpoint, ['ec2', 'delete-internet-gateway', '--internet-gateway-id', gateway]);
    const missing = await awsCli(gym.endpoint, ['ec2', 'describe-internet-gateways', '--internet-gateway-ids', gateway]);
    assert.equal(cliErrorCode(missing), 'InvalidInternetGatewayID.NotFound');
  });

  it('creates routes only through a gateway attached to the VPC, once per destination (SDK v3)', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const { vpc } = await vpcWithSubnet(ec2, '10.60.0.0/16');
    const table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!;
    assert.deepEqual(table.Routes!.map((route) => [route.DestinationCidrBlock, route.GatewayId, route.Origin]), [['10.60.0.0/16', 'local', 'CreateRouteTable']]);
    assert.deepEqual(table.Associations, []);
    const gateway = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    const unattached = await sdkError(ec2.send(new CreateRouteCommand({ RouteTableId: table.RouteTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: gateway })));
    assert.equal(unattached.code, 'InvalidParameterValue');
    const unknown = await sdkError(ec2.send(new CreateRouteCommand({ RouteTableId: table.RouteTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0123456789abcdef0' })));
    assert.equal(unknown.code, 'InvalidGatewayID.NotFound');
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gateway, VpcId: vpc }));
    const created = await ec2.send(new CreateRouteCommand({ RouteTableId: table.RouteTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: gateway }));
    assert.equal(created.Return, true);
    const duplicate = await sdkError(ec2.send(new CreateRouteCommand({ RouteTableId: table.RouteTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: gateway })));
    assert.equal(duplicate.code, 'RouteAlreadyExists');
    const local = await sdkError(ec2.send(new CreateRouteCommand({ RouteTableId: table.RouteTableId, DestinationCidrBlock: '10.60.0.0/16', GatewayId: gateway })));
    assert.equal(local.code, 'RouteAlreadyExists');
    const inside = await sdkError(ec2.send(new CreateRouteCommand({ RouteTableId: table.RouteTableId, DestinationCidrBlock: '10.60.9.0/24', GatewayId: gateway })));
    assert.equal(inside.code, 'InvalidParameterValue');
    const noTarget = await sdkError(ec2.send(new CreateRouteCommand({ RouteTableId: table.RouteTableId, DestinationCidrBlock: '192.168.0.0/16' })));
    assert.equal(noTarget.code, 'InvalidParameterCombination');

    await ec2.send(new ReplaceRouteCommand({ RouteTableId: table.RouteTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: gateway }));
    const replaceMissing = await sdkError(ec2.send(new ReplaceRouteCommand({ RouteTableId: table.RouteTableId, DestinationCidrBlock: '192.168.0.0/16', GatewayId: gateway })));
    assert.equal(replaceMissing.code, 'InvalidParameterValue');
    const deleteMissing = await sdkError(ec2.send(new DeleteRouteCommand({ RouteTableId: table.RouteTableId, DestinationCidrBlock: '192.168.0.0/16' })));
    assert.equal(deleteMissing.code, 'InvalidRoute.NotFound');
    const deleteLocal = await sdkError(ec2.send(new DeleteRouteCommand({ RouteTableId: table.RouteTableId, DestinationCidrBlock: '10.60.0.0/16' })));
    assert.equal(deleteLocal.code, 'InvalidParameterValue');

    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: gateway, VpcId: vpc }));
    const detached = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [table.RouteTableId!] }));
    assert.equal(detached.RouteTables![0]!.Routes!.find((route) => route.GatewayId === gateway)!.State, 'blackhole');
    await ec2.send(new DeleteRouteCommand({ RouteTableId: table.RouteTableId, DestinationCidrBlock: '0.0.0.0/0' }));
    const after = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [table.RouteTableId!] }));
    assert.equal(after.RouteTables![0]!.Routes!.length, 1);
    await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: gateway }));
  });

  it('associates, disassociates and replaces associations; associated and main tables cannot be deleted (SDK v3)', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const { vpc, subnet, main } = await vpcWithSubnet(ec2, '10.70.0.0/16');
    const table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
    const associated = await ec2.send(new AssociateRouteTableCommand({ RouteTableId: table, SubnetId: subnet }));
    assert.match(associated.AssociationId!, /^rtbassoc-[0-9a-f]{17}$/);
    assert.equal(associated.AssociationState!.State, 'associated');
    const again = await sdkError(ec2.send(new AssociateRouteTableCommand({ RouteTableId: main, SubnetId: subnet })));
    assert.equal(again.code, 'Resource.AlreadyAssociated');
    const bySubnet = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnet] }] }));
    assert.deepEqual(bySubnet.RouteTables!.map((entry) => entry.RouteTableId), [table]);
    const busy = await sdkError(ec2.send(new DeleteRouteTableCommand({ RouteTableId: table })));
    assert.equal(busy.code, 'DependencyViolation');
    const mainBusy = await sdkError(ec2.send(new DeleteRouteTableCommand({ RouteTableId: main })));
    assert.equal(mainBusy.code, 'DependencyViolation');

    const moved = await ec2.send(new ReplaceRouteTableAssociationCommand({ AssociationId: associated.AssociationId, RouteTableId: main }));
    assert.notEqual(moved.NewAssociationId, associated.AssociationId);
    const gone = await sdkError(ec2.send(new DisassociateRouteTableCommand({ AssociationId: associated.AssociationId })));
    assert.equal(gone.code, 'InvalidAssociationID.NotFound');
    await ec2.send(new DisassociateRouteTableCommand({ AssociationId: moved.NewAssociationId }));

    // Making the new table main lets the old main one go, and the VPC still deletes cleanly afterwards.
    const mainAssociation = (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [main] }))).RouteTables![0]!.Associations![0]!;
    assert.equal(mainAssociation.Main, true);
    const cannot = await sdkError(ec2.send(new DisassociateRouteTableCommand({ AssociationId: mainAssociation.RouteTableAssociationId })));
    assert.equal(cannot.code, 'InvalidParameterValue');
    await ec2.send(new ReplaceRouteTableAssociationCommand({ AssociationId: mainAssociation.RouteTableAssociationId, RouteTableId: table }));
    const mains = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }, { Name: 'association.main', Values: ['true'] }] }));
    assert.deepEqual(mains.RouteTables!.map((entry) => entry.RouteTableId), [table]);
    await ec2.send(new DeleteRouteTableCommand({ RouteTableId: main }));
    const missing = await sdkError(ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [main] })));
    assert.equal(missing.code, 'InvalidRouteTableID.NotFound');
  });

  it('answers boto3 the same way', async (context) => {
    if (!requireTool(context, boto3Available(), 'boto3', BOTO3_INSTALL)) return;
    const result = await boto3(gym.endpoint, `
ec2 = client('ec2')
vpc = ec2.create_vpc(CidrBlock='10.80.0.0/16')['Vpc']['VpcId']
igw = ec2.create_internet_gateway()['InternetGateway']['InternetGatewayId']
ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
rtb = ec2.create_route_table(VpcId=vpc)['RouteTable']['RouteTableId']
ec2.create_route(RouteTableId=rtb, DestinationCidrBlock='0.0.0.0/0', GatewayId=igw)
missing = run(lambda: ec2.delete_route(RouteTableId=rtb, DestinationCidrBlock='10.9.0.0/16'))
routes = ec2.describe_route_tables(RouteTableIds=[rtb])['RouteTables'][0]['Routes']
print(json.dumps({'routes': [r['DestinationCidrBlock'] for r in routes], 'missing': missing['error']}))
`);
    assert.deepEqual(result, { routes: ['10.80.0.0/16', '0.0.0.0/0'], missing: 'InvalidRoute.NotFound' });
  });
});
