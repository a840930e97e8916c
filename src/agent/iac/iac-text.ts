import type { IacRendering } from './render-iac.js';

/** The CloudFormation calls a plan runs as, under the plan a person approves. */
export function formatIacSteps(rendering: IacRendering): string[] {
  return [
    `Through CloudFormation (stack ${rendering.change.stackName}${rendering.change.createsStack ? (rendering.change.imports.length > 0 ? ', created by import' : ', created') : ''}):`,
    ...rendering.plan.steps.map((step) => `  ${step.id.padEnd(18)} cloudformation:${step.call.operation.padEnd(16)} ${step.action}`),
  ];
}
