import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { startMockProviderServer, type MockProviderServer } from '../../src/agent/llm/testing/mock-provider-server.js';
import type { ScriptedTurn } from '../../src/agent/llm/testing/scripted-turn.js';
import type { Gym } from '../../src/gym/gym.js';
import { AWS_CLI_INSTALL, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';
import { startTestGym } from '../support/gym.js';
import { sdkClients } from '../support/sdk.js';
import { runCirro } from './cirro-process.js';

/*
 * `cirro ask --agent … --model …` as a process: the model is a local server speaking the OpenAI API with
 * scripted turns; the agent's commands run through the gateway the command starts, onto a gym.
 */

describe('cirro ask --agent (a modality agent as a process)', () => {
  let gym: Gym;
  let server: MockProviderServer;
  const queue: ScriptedTurn[] = [];
  before(async () => {
    gym = await startTestGym();
    server = await startMockProviderServer({ script: () => queue.shift() ?? { errorStatus: 500, errorMessage: 'no turn scripted' } });
  });
  after(async () => {
    await server.close();
    await gym.stop();
  });
  const model = () => ({ OPENAI_API_KEY: 'sk-e2e', OPENAI_BASE_URL: `${server.url}/v1` });
  const volumesNamed = async (name: string) => (await sdkClients(gym.endpoint).ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'tag:Name', Values: [name] }] }))).Volumes ?? [];

  it('runs the CLI agent: prints each command, its exit and output, the answer, steps, API calls and usage', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    queue.push(
      { toolCalls: [{ name: 'run_cli', arguments: { argv: ['aws', 'ec2', 'create-volume', '--availability-zone', 'us-east-1a', '--size', '8', '--tag-specifications', 'ResourceType=volume,Tags=[{Key=Name,Value=e2e-vol}]'] } }], usage: { inputTokens: 900, outputTokens: 60 } },
      { toolCalls: [{ name: 'done', arguments: { answer: 'Created e2e-vol.' } }], usage: { inputTokens: 1200, outputTokens: 20 } },
    );
    const run = await runCirro(['ask', '--agent', 'cli', '--model', 'openai:gpt-4o-mini', '--endpoint', gym.endpoint, 'create an 8 GiB volume named e2e-vol'], { environment: model() });
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /Agent: cli, model openai:gpt-4o-mini, role operator, through the gateway at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(run.stdout, /\[1\] aws ec2 create-volume --availability-zone us-east-1a --size 8 --tag-specifications 'ResourceType=volume,Tags=\[\{Key=Name,Value=e2e-vol\}\]'\n    → exit 0\n    stdout:\n/);
    assert.match(run.stdout, /Answer: Created e2e-vol\./);
    assert.match(run.stdout, /1 step, 1 API calls through the gateway, [\d.]+ s; model: openai:gpt-4o-mini, 2 model turns, 2,100 input \+ 80 output tokens, about \$/);
    const volumes = await volumesNamed('e2e-vol');
    assert.equal(volumes.length, 1);
    assert.equal(volumes[0]!.Size, 8);
  });

  it('as a reader, the SDK agent\'s create is refused by the gateway, the model hears why, and nothing is created (--json)', async () => {
    queue.push(
      { toolCalls: [{ name: 'run_sdk_program', arguments: { source: "import { EC2Client, CreateVolumeCommand } from '@aws-sdk/client-ec2';\nawait new EC2Client({}).send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 8, TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: 'e2e-reader-vol' }] }] }));" } }] },
      { toolCalls: [{ name: 'done', arguments: { answer: 'The gateway refused: the reader role only reads.' } }] },
    );
    const before = server.requests.length;
    const run = await runCirro(['ask', '--agent', 'sdk', '--model', 'openai:gpt-4o-mini', '--endpoint', gym.endpoint, '--role', 'reader', '--json', 'create a volume named e2e-reader-vol'], { environment: model() });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.json.outcome, 'done');
    assert.equal(run.json.role, 'reader');
    assert.equal(run.json.steps, 1);
    assert.equal(run.json.trace[0].status, 'exit 1');
    assert.match(run.json.trace[0].output, /UnauthorizedOperation[\s\S]*role reader may not ec2:CreateVolume/);
    const fed = server.requests[before + 1]!.messages.flatMap((message) => message.toolResults.map((result) => result.content));
    assert.match(fed.at(-1)!, /UnauthorizedOperation/, 'the model was shown the refusal');
    assert.deepEqual(await volumesNamed('e2e-reader-vol'), []);
  });

  it('refuses bad flags with exit 2, naming the flag and the fix, before anything runs', async () => {
    const requests = server.requests.length;
    const bash = await runCirro(['ask', '--agent', 'bash', '--model', 'openai:gpt-4o-mini', '--endpoint', gym.endpoint, 'list instances'], { environment: model() });
    assert.equal(bash.status, 2);
    assert.match(bash.stderr, /--agent bash is not one of cli, sdk, iac/);
    const noModel = await runCirro(['ask', '--agent', 'sdk', '--endpoint', gym.endpoint, 'list instances']);
    assert.equal(noModel.status, 2);
    assert.match(noModel.stderr, /--agent needs a model to write the commands: add --model PROVIDER:NAME/);
    const limit = await runCirro(['ask', '--agent', 'sdk', '--step-limit', '0', '--model', 'openai:gpt-4o-mini', '--endpoint', gym.endpoint, 'x'], { environment: model() });
    assert.equal(limit.status, 2);
    assert.match(limit.stderr, /--step-limit 0 is not a whole number from 1 to 1000/);
    assert.equal(server.requests.length, requests, 'the model was never asked');
  });
});
