// What context discipline costs per tool output: trimming a 1 MB DescribeInstances reply to a
// 4,000-token budget and framing it as data, and redacting its addresses and account ids, on one core.
// Also one model round trip through the AI SDK to the local mock provider, for the overhead Cirro adds
// to a model call apart from the model itself. Target: each under 50 ms per call (median).
// Usage: node <dist>/bench/llm/context.js [--rounds N]
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { toolOutputForModel } from '../../src/agent/llm/context-budget.js';
import { createChatModel } from '../../src/agent/llm/providers.js';
import { Redactor } from '../../src/agent/llm/redaction.js';
import { startMockProviderServer } from '../../src/agent/llm/testing/mock-provider-server.js';
import { formatTable, median, sampleMilliseconds } from '../gym/stats.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive whole number, not ${values.rounds}`);

const instances = Array.from({ length: 2500 }, (_, index) => ({
  InstanceId: `i-0${index.toString(16).padStart(16, '0')}`,
  InstanceType: 't3.micro',
  State: { Code: 16, Name: 'running' },
  PrivateIpAddress: `10.1.${Math.floor(index / 200)}.${(index % 200) + 10}`,
  PublicIpAddress: `54.210.${Math.floor(index / 200)}.${(index % 200) + 10}`,
  Tags: [{ Key: 'Name', Value: `web-${index + 1}` }],
  IamInstanceProfile: { Arn: 'arn:aws:iam::210987654321:instance-profile/web' },
  UserData: 'z'.repeat(200),
}));
const describe = JSON.stringify({ Reservations: [{ OwnerId: '210987654321', Instances: instances }] }, null, 2);

const time = (run: () => unknown) => sampleMilliseconds(rounds, run);

const trim = await time(() => toolOutputForModel(describe, { toolName: 'describe_instances', budgetTokens: 4000 }));
const redaction = await time(() => new Redactor().redact(describe));
const server = await startMockProviderServer({ script: () => ({ text: 'ok', usage: { inputTokens: 10, outputTokens: 1 } }) });
let roundTrip: number[];
try {
  const model = createChatModel('openai:gpt-4o-mini', { maxRetries: 0, env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${server.url}/v1` } });
  if (!model.success) throw model.error;
  roundTrip = await time(() => model.value.complete({ system: 'You manage AWS.', messages: [{ role: 'user', content: 'how many instances?' }] }));
} finally {
  await server.close();
}

const row = (name: string, samples: number[]) => [name, median(samples).toFixed(1), Math.max(...samples).toFixed(1)];
process.stdout.write(`${describe.length.toLocaleString('en-US')}-character DescribeInstances reply, ${rounds} rounds; ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}\n`);
process.stdout.write(`${formatTable(['step', 'median ms', 'max ms'], [row('trim to 4,000 tokens + frame as data', trim), row('redact addresses and account ids', redaction), row('model round trip to the local mock (AI SDK)', roundTrip)])}\n`);
