import { DescribeImagesCommand, DescribeInstancesCommand, RunInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import { createChatModel } from '../../src/agent/llm/providers.js';
import { startMockProviderServer, type MockProviderServer } from '../../src/agent/llm/testing/mock-provider-server.js';
import type { ProviderScript, ReceivedRequest, ScriptedTurn } from '../../src/agent/llm/testing/scripted-turn.js';
import type { ChatModel } from '../../src/agent/llm/types.js';
import type { GatewayRig } from '../support/gateway.js';

/** The two wire APIs the mock provider speaks, each as a user would configure it. */
export type Wire = 'openai' | 'anthropic';

/** A mock provider server playing `script`, and a real provider client (the AI SDK's) pointed at it. */
export async function scriptedModel(wire: Wire, script: ProviderScript): Promise<{ server: MockProviderServer; model: ChatModel }> {
  const server = await startMockProviderServer({ script, apiKey: 'sk-modality-test' });
  const env = wire === 'openai'
    ? { OPENAI_API_KEY: 'sk-modality-test', OPENAI_BASE_URL: `${server.url}/v1` }
    : { ANTHROPIC_API_KEY: 'sk-modality-test', ANTHROPIC_BASE_URL: server.url };
  const created = createChatModel(wire === 'openai' ? 'openai:gpt-4o-mini' : 'anthropic:claude-sonnet-4-5', { env, maxRetries: 0 });
  if (!created.success) throw created.error;
  return { server, model: created.value };
}

/** The tool results a request carries, oldest first. */
export function toolResults(request: ReceivedRequest): string[] {
  return request.messages.flatMap((message) => message.toolResults.map((result) => result.content));
}

/** The newest tool result the model was shown ('' before the first). */
export function lastToolResult(request: ReceivedRequest): string {
  return toolResults(request).at(-1) ?? '';
}

/** A script that plays `turns` in order, each chosen from the request (so it can read earlier results). */
export function steps(...turns: ((request: ReceivedRequest) => ScriptedTurn)[]): ProviderScript {
  let next = 0;
  return (request) => {
    const turn = turns[next++];
    return turn ? turn(request) : { errorStatus: 500, errorMessage: 'the test script has no more turns' };
  };
}

/** The newest Amazon Linux image the gym offers. */
export async function amazonLinuxImage(rig: GatewayRig): Promise<string> {
  const images = await rig.direct.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.*-x86_64'] }] }));
  return images.Images!.sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0]!.ImageId!;
}

/** Launches an instance straight on the gym (set-up, not through the agent). */
export async function launchDirect(rig: GatewayRig, tags: Record<string, string>): Promise<string> {
  const launched = await rig.direct.ec2.send(new RunInstancesCommand({
    ImageId: await amazonLinuxImage(rig), InstanceType: 't3.micro', MinCount: 1, MaxCount: 1,
    TagSpecifications: [{ ResourceType: 'instance', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }],
  }));
  return launched.Instances![0]!.InstanceId!;
}

/** Every instance on the gym that is not terminated. */
export async function liveInstances(rig: GatewayRig): Promise<Instance[]> {
  const found = await rig.direct.ec2.send(new DescribeInstancesCommand({}));
  return (found.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []).filter((instance) => instance.State?.Name !== 'terminated');
}
