import type { GymService } from '../service.js';
import { cloudFormationService } from './cloudformation/provider.js';
import { ec2Service } from './ec2/provider.js';
import { elbv2Service } from './elbv2/provider.js';
import { stsService } from './sts/provider.js';

/** Every service the gym serves. */
export function allServices(): GymService[] {
  return [ec2Service as GymService, elbv2Service as GymService, stsService as GymService, cloudFormationService as GymService];
}
