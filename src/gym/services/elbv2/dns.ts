import type { ServiceContext } from '../../service.js';
import type { LoadBalancerRecord, LoadBalancerType } from './records.js';

/** Route 53 hosted zone ids of Application (and Classic) Load Balancers, per region, as AWS lists them. */
const APPLICATION_ZONES: Readonly<Record<string, string>> = {
  'us-east-1': 'Z35SXDOTRQ7X7K',
  'us-east-2': 'Z3AADJGX6KTTL2',
  'us-west-1': 'Z368ELLRRE2KJ0',
  'us-west-2': 'Z1H1FL5HABSF5',
  'ca-central-1': 'ZQSVJUPU6J1EY',
  'eu-west-1': 'Z32O12XQLNTSW2',
  'eu-west-2': 'ZHURV8PSTC4K8',
  'eu-west-3': 'Z3Q77PNBQS71R4',
  'eu-central-1': 'Z215JYRZR1TBD5',
  'eu-north-1': 'Z23TAZ6LKFMNIO',
  'ap-south-1': 'ZP97RAFLXTNZK',
  'ap-northeast-1': 'Z14GRHDCWA56QT',
  'ap-northeast-2': 'ZWKZPGTI48KDX',
  'ap-southeast-1': 'Z1LMS91P8CMLE5',
  'ap-southeast-2': 'Z1GM3OXH4ZPM65',
  'sa-east-1': 'Z2P70J7HTTTPLU',
};

/** Route 53 hosted zone ids of Network Load Balancers, per region, as AWS lists them. */
const NETWORK_ZONES: Readonly<Record<string, string>> = {
  'us-east-1': 'Z26RNL4JYFTOTI',
  'us-east-2': 'ZLMOA37VPKANP',
  'us-west-1': 'Z24FKFUX50B4VW',
  'us-west-2': 'Z18D5FSROUN65G',
  'ca-central-1': 'Z2EPGBW3API2WT',
  'eu-west-1': 'Z2IFOLAFXWLO4F',
  'eu-west-2': 'ZD4D7Y8KGAS4G',
  'eu-west-3': 'Z1CMS0P5QUZ6D5',
  'eu-central-1': 'Z3F0SRJ5LGBH90',
  'eu-north-1': 'Z1UDT6IFJ4EJM',
  'ap-south-1': 'ZVDDRBQ08TROA',
  'ap-northeast-1': 'Z31USIVHYNEOWT',
  'ap-northeast-2': 'ZIBE1TIR4HY56',
  'ap-southeast-1': 'ZKVM4W9LS7TM',
  'ap-southeast-2': 'ZCT6FZBF4DROD',
  'sa-east-1': 'ZTK26PT1VY4CU',
};

/** The hosted zone a load balancer's DNS name lives in (Gateway Load Balancers have none). */
export function canonicalHostedZoneId(region: string, type: LoadBalancerType): string | undefined {
  if (type === 'gateway') return undefined;
  return (type === 'network' ? NETWORK_ZONES : APPLICATION_ZONES)[region];
}

/**
 * The DNS name AWS gives a load balancer: `NAME-1234567890.REGION.elb.amazonaws.com` for an
 * Application Load Balancer (with `internal-` in front when internal), `NAME-16hex.elb.REGION.amazonaws.com`
 * for a Network Load Balancer; Gateway Load Balancers are reached through endpoints and have none.
 */
export function loadBalancerDnsName(context: ServiceContext, balancer: Pick<LoadBalancerRecord, 'name' | 'type' | 'scheme'>): string | undefined {
  switch (balancer.type) {
    case 'application': {
      const number = 100_000_000 + context.random.integer(2_000_000_000);
      return `${balancer.scheme === 'internal' ? 'internal-' : ''}${balancer.name}-${number}.${context.region}.elb.amazonaws.com`;
    }
    case 'network':
      return `${balancer.name}-${context.ids.hex(16)}.elb.${context.region}.amazonaws.com`;
    case 'gateway':
      return undefined;
  }
}
