/** Template bodies shared by this folder's tests: one in the style of AWS's samples, one as `cdk synth` writes. */

/** A YAML template in the style of the AWS documentation's EC2 samples: parameters, mappings, conditions, short forms. */
export const sampleYaml = `AWSTemplateFormatVersion: 2010-09-09
Description: A web server in its own network
Metadata:
  Owner: platform
Parameters:
  EnvType:
    Type: String
    Default: test
    AllowedValues: [prod, test]
    Description: Environment type
  InstanceType:
    Type: String
    Default: t3.micro
    AllowedPattern: '[a-z][a-z0-9]*\\.[a-z0-9]+'
  DbPassword:
    Type: String
    NoEcho: true
    MinLength: 8
  SshCidrs:
    Type: CommaDelimitedList
    Default: 10.0.0.0/8, 192.168.0.0/16
  KeyName:
    Type: AWS::EC2::KeyPair::KeyName
    Default: ''
Mappings:
  RegionMap:
    us-east-1:
      AMI: ami-0aaaaaaaaaaaaaaa1
    eu-west-1:
      AMI: ami-0bbbbbbbbbbbbbbb2
Conditions:
  IsProd: !Equals [!Ref EnvType, prod]
  HasKey: !Not [!Equals [!Ref KeyName, '']]
  ProdWithKey: !And [!Condition IsProd, !Condition HasKey]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
      Tags:
        - Key: Name
          Value: !Sub '\${AWS::StackName}-vpc'
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
      AvailabilityZone: !Select [0, !GetAZs '']
  WebGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Join [' ', [web, !Ref EnvType]]
      VpcId: !Ref Vpc
  Web:
    Type: AWS::EC2::Instance
    DependsOn: WebGroup
    Properties:
      ImageId: !FindInMap [RegionMap, !Ref 'AWS::Region', AMI]
      InstanceType: !If [IsProd, m5.large, !Ref InstanceType]
      KeyName: !If [HasKey, !Ref KeyName, !Ref 'AWS::NoValue']
      SubnetId: !Ref Subnet
      SecurityGroupIds: [!GetAtt WebGroup.GroupId]
  ProdVolume:
    Type: AWS::EC2::Volume
    Condition: IsProd
    DeletionPolicy: Snapshot
    Properties:
      Size: 100
      AvailabilityZone: !GetAtt Web.AvailabilityZone
Outputs:
  WebId:
    Description: The instance
    Value: !Ref Web
    Export:
      Name: !Sub '\${AWS::StackName}-web'
  VolumeId:
    Condition: IsProd
    Value: !Ref ProdVolume
`;

/** A JSON template as \`cdk synth\` writes it: hashed logical ids, aws:cdk:path metadata, CDKMetadata, Rules, SSM parameters. */
export const cdkJson = JSON.stringify({
  Resources: {
    Vpc8378EB38: {
      Type: 'AWS::EC2::VPC',
      Properties: { CidrBlock: '10.0.0.0/16', EnableDnsHostnames: true, EnableDnsSupport: true, InstanceTenancy: 'default', Tags: [{ Key: 'Name', Value: 'AppStack/Vpc' }] },
      Metadata: { 'aws:cdk:path': 'AppStack/Vpc/Resource' },
    },
    VpcPublicSubnet1Subnet5C2D37C4: {
      Type: 'AWS::EC2::Subnet',
      Properties: {
        AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
        CidrBlock: '10.0.0.0/18',
        MapPublicIpOnLaunch: true,
        VpcId: { Ref: 'Vpc8378EB38' },
      },
      Metadata: { 'aws:cdk:path': 'AppStack/Vpc/PublicSubnet1/Subnet' },
    },
    VpcIGWD7BA715C: { Type: 'AWS::EC2::InternetGateway', Metadata: { 'aws:cdk:path': 'AppStack/Vpc/IGW' } },
    VpcVPCGWBF912B6E: {
      Type: 'AWS::EC2::VPCGatewayAttachment',
      Properties: { InternetGatewayId: { Ref: 'VpcIGWD7BA715C' }, VpcId: { Ref: 'Vpc8378EB38' } },
      Metadata: { 'aws:cdk:path': 'AppStack/Vpc/VPCGW' },
    },
    InstanceC1063A87: {
      Type: 'AWS::EC2::Instance',
      Properties: {
        AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
        ImageId: { Ref: 'SsmParameterValueawsserviceamiamazonlinuxlatestamzn2amihvmx8664gp2C96584B6F00A464EAD1953AFF4B05118Parameter' },
        InstanceType: 't3.micro',
        SubnetId: { Ref: 'VpcPublicSubnet1Subnet5C2D37C4' },
      },
      DependsOn: ['VpcVPCGWBF912B6E'],
      Metadata: { 'aws:cdk:path': 'AppStack/Instance/Resource' },
    },
    CDKMetadata: {
      Type: 'AWS::CDK::Metadata',
      Properties: { Analytics: 'v2:deflate64:H4sIAAAAAAAA/zPSMzQ21TNQTCwv1k1OydbNyUzSqw4uSUzO1kksL44vLsmsSi3SyS/ILwaGABIANjTqCAAA' },
      Metadata: { 'aws:cdk:path': 'AppStack/CDKMetadata/Default' },
      Condition: 'CDKMetadataAvailable',
    },
  },
  Outputs: { InstanceId: { Value: { Ref: 'InstanceC1063A87' } } },
  Conditions: {
    CDKMetadataAvailable: {
      'Fn::Or': [
        { 'Fn::Or': ['af-south-1', 'ap-east-1', 'eu-west-1'].map((region) => ({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, region] })) },
        { 'Fn::Or': ['us-east-1', 'us-east-2', 'us-west-2'].map((region) => ({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, region] })) },
      ],
    },
  },
  Parameters: {
    SsmParameterValueawsserviceamiamazonlinuxlatestamzn2amihvmx8664gp2C96584B6F00A464EAD1953AFF4B05118Parameter: {
      Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
      Default: '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2',
    },
    BootstrapVersion: {
      Type: 'AWS::SSM::Parameter::Value<String>',
      Default: '/cdk-bootstrap/hnb659fds/version',
      Description: 'Version of the CDK Bootstrap resources in this environment, automatically retrieved from SSM Parameter Store. [cdk:skip]',
    },
  },
  Rules: {
    CheckBootstrapVersion: {
      Assertions: [
        {
          Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], { Ref: 'BootstrapVersion' }] }] },
          AssertDescription: "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.",
        },
      ],
    },
  },
}, null, 1);
