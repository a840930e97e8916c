import type { ServiceContext } from '../../service.js';
import { createVpc } from './operations/vpcs.js';
import type { Ec2Store } from './store.js';

/** Builds what every AWS region has for a new account: the default VPC (172.31.0.0/16). */
export function buildDefaultNetwork(context: ServiceContext, store: Ec2Store): void {
  createVpc(context, store, { cidrBlock: '172.31.0.0/16', isDefault: true, tags: {} });
}
