import type { GetCallerIdentityRequest, GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import { handler, type GymService } from '../../service.js';

/** STS in the gym: who the caller is (the gym's one account, as its root user). */
export const stsService: GymService<Record<string, never>> = {
  name: 'sts',
  signingNames: ['sts'],
  modelStem: 'sts-2011-06-15',
  createStore: () => ({}),
  operations: {
    GetCallerIdentity: handler<GetCallerIdentityRequest, GetCallerIdentityResponse>((context) => ({
      UserId: context.accountId,
      Account: context.accountId,
      Arn: `arn:aws:iam::${context.accountId}:root`,
    })),
  },
};
