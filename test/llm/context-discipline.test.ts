import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TOOL_DATA_PREAMBLE, toolOutputForModel } from '../../src/agent/llm/context-budget.js';
import { createChatModel } from '../../src/agent/llm/providers.js';
import { Redactor, redactingChatModel } from '../../src/agent/llm/redaction.js';
import { startMockProviderServer, type MockProviderServer } from '../../src/agent/llm/testing/mock-provider-server.js';
import type { ChatMessage, ChatModel } from '../../src/agent/llm/types.js';
import { UsageMeter, formatUsage } from '../../src/agent/llm/usage.js';

const describeTool = { name: 'describe_instances', description: 'Lists instances', parameters: { type: 'object', properties: { ip: { type: 'string' } } } };

/** 2,500 instances as DescribeInstances returns them: over 1 MB with addresses and the owner's account. */
function bigDescribe(): string {
  const instances = Array.from({ length: 2500 }, (_, index) => ({
    InstanceId: `i-0${index.toString(16).padStart(16, '0')}`,
    PrivateIpAddress: `10.1.${Math.floor(index / 200)}.${index % 200 + 10}`,
    Tags: [{ Key: 'Name', Value: `web-${index + 1}` }],
    IamInstanceProfile: { Arn: 'arn:aws:iam::210987654321:instance-profile/web' },
    UserData: 'z'.repeat(300),
  }));
  return JSON.stringify({ Reservations: [{ OwnerId: '210987654321', Instances: instances }] }, null, 2);
}

for (const spec of ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5']) {
  describe(`context discipline for ${spec} over HTTP`, () => {
    let server: MockProviderServer;
    let inner: ChatModel;
    before(async () => {
      server = await startMockProviderServer();
      const created = createChatModel(spec, { maxRetries: 0, env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${server.url}/v1`, ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url } });
      assert.ok(created.success);
      inner = created.value;
    });
    after(() => server.close());

    it('never lets an address or account id reach the provider, and restores them in the answer and tool calls', async () => {
      const redactor = new Redactor();
      const meter = new UsageMeter();
      const model = redactingChatModel(meter.wrap(inner), redactor);
      server.enqueue(
        { text: 'Looking up <ip-1>.', toolCalls: [{ id: 'c1', name: 'describe_instances', arguments: { ip: '<ip-1>' } }], usage: { inputTokens: 2000, outputTokens: 50 } },
        { text: 'web-1 (<ip-1>) belongs to account <account-1>.', usage: { inputTokens: 2600, outputTokens: 30 } },
      );
      const messages: ChatMessage[] = [{ role: 'user', content: 'who owns 10.1.0.10? our account is 210987654321' }];
      const first = await model.complete({ system: 'You manage AWS account 210987654321.', messages, tools: [describeTool] });
      assert.equal(first.text, 'Looking up 10.1.0.10.');
      assert.deepEqual(first.toolCalls[0]?.arguments, { ip: '10.1.0.10' }, 'the tool runs with the real address');

      messages.push({ role: 'assistant', content: first.text, toolCalls: first.toolCalls });
      const output = toolOutputForModel(bigDescribe(), { toolName: 'describe_instances', budgetTokens: 3000 });
      messages.push({ role: 'tool', toolCallId: 'c1', toolName: 'describe_instances', content: output });
      const second = await model.complete({ system: 'You manage AWS account 210987654321.', messages, tools: [describeTool] });
      assert.equal(second.text, 'web-1 (10.1.0.10) belongs to account 210987654321.');

      const everythingSent = server.requests.map((request) => JSON.stringify(request.body) + JSON.stringify(request.headers)).join('\n');
      assert.ok(!/210987654321/.test(everythingSent), 'the account id never reached the provider');
      assert.ok(!/\b10\.1\.\d+\.\d+\b/.test(everythingSent), 'no private address reached the provider');
      assert.ok(everythingSent.includes('<account-1>') && everythingSent.includes('<ip-1>'));

      // The 1 MB describe output arrived trimmed to its budget and framed as data.
      const toolResult = server.requests.at(-1)!.messages.flatMap((message) => message.toolResults)[0]!;
      assert.ok(toolResult.content.length <= 3000 * 4 + 400, `${toolResult.content.length} characters`);
      assert.ok(toolResult.content.includes(TOOL_DATA_PREAMBLE));
      assert.match(toolResult.content, /more items/);

      const totals = meter.totals();
      assert.equal(totals.turns, 2);
      assert.equal(totals.inputTokens, 4600);
      assert.equal(totals.outputTokens, 80);
      const price = spec.startsWith('openai') ? { input: 0.15, output: 0.6 } : { input: 1, output: 5 };
      assert.equal(totals.costUsd, (4600 * price.input + 80 * price.output) / 1_000_000);
      assert.match(formatUsage(totals), /^2 model turns, 4,600 input \+ 80 output tokens, about \$0\.\d+ \(list prices of 2026-03\)$/);
    });
  });
}
