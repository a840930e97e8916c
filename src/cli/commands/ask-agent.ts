import { parseArgs } from 'node:util';
import { MODEL_FLAG_HELP, MODEL_FLAG_OPTIONS, modelFromFlags } from '../../agent/llm/model-config.js';
import { AGENT_MODALITIES, type AgentModality } from '../../agent/llm/modality/modality-tools.js';
import type { ModalityStep } from '../../agent/llm/modality/run-modality-agent.js';
import type { ChatModel } from '../../agent/llm/types.js';
import { awsCliAvailable } from '../../agent/router.js';
import { openGuardedSession } from '../guarded-session.js';

const HELP = `Usage: cirro ask --agent cli|sdk|iac --model PROVIDER:NAME "<request>" [options]

Runs a modality agent, as in the modality study: the model itself writes AWS CLI commands (cli), AWS SDK
for JavaScript programs (sdk) or CloudFormation templates (iac), runs them, reads the errors and tries
again, until it calls done or the step limit is reached. There is no plan to review: every call goes
through Cirro's gateway, which authorizes it for your role, audits it and refuses what the policy forbids.

What the model writes runs confined: CLI commands are argument vectors run without a shell (no pipes,
redirections or other programs; Cirro sets the endpoint and keys); SDK programs run in a child Node under
its permission model (writes only to a scratch folder, no child processes) with time and output limits.
They hold only keys the gateway issued, which work nowhere else.

  --agent cli|sdk|iac      what the model writes
  --endpoint URL|aws       the cloud (default $AWS_ENDPOINT_URL, else the local gym)
  --region R               region (default $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)
  --role R                 the role the gateway authorizes calls as (default as for cirro ask)
  --step-limit N           tool calls before the agent is stopped (default 100, as in the study)
  --json                   print one JSON object on stdout and nothing else there
${MODEL_FLAG_HELP.join('\n')}

Example:
  cirro ask --agent cli --model openai:gpt-4o-mini "launch a t3.micro named web-1"

Exit codes: 0 the agent finished (called done); 1 it hit the step limit, got stuck repeating a failing
call, or the model failed; 2 bad flags.
`;

/** True when the argument vector asks for a modality agent (`--agent …`). */
export function wantsModalityAgent(argv: readonly string[]): boolean {
  return argv.some((argument) => argument === '--agent' || argument.startsWith('--agent='));
}

/** `cirro ask --agent cli|sdk|iac --model … "<request>"` */
export async function runAskAgentCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, strict: true, allowPositionals: true,
      options: {
        agent: { type: 'string' }, endpoint: { type: 'string' }, region: { type: 'string' }, role: { type: 'string' },
        'step-limit': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...MODEL_FLAG_OPTIONS,
      },
    });
  } catch (error) {
    process.stderr.write(`cirro ask --agent: ${(error as Error).message}. Run 'cirro ask --agent cli --help' for the options.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const request = positionals.join(' ').trim();
  const problems: string[] = [];
  if (!request) problems.push('say what you want, in quotes: cirro ask --agent cli --model openai:gpt-4o-mini "launch a t3.micro named web-1"');
  if (request.length > 2000) problems.push(`the request is ${request.length} characters long; keep it under 2000`);
  const modality = values.agent as AgentModality;
  if (!AGENT_MODALITIES.includes(modality)) problems.push(`--agent ${values.agent} is not one of ${AGENT_MODALITIES.join(', ')}`);
  const stepLimit = values['step-limit'] === undefined ? 100 : Number(values['step-limit']);
  if (!Number.isInteger(stepLimit) || stepLimit < 1 || stepLimit > 1000) problems.push(`--step-limit ${values['step-limit']} is not a whole number from 1 to 1000`);
  const endpointFlag = values.endpoint ?? process.env['AWS_ENDPOINT_URL'];
  if (endpointFlag !== undefined && endpointFlag !== 'aws' && !/^https?:\/\/[^\s/]+/.test(endpointFlag)) problems.push(`--endpoint ${endpointFlag} is not a URL (expected http://host:port, https://host, or aws)`);
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(values.region)) problems.push(`--region ${values.region} is not a region name (expected something like us-east-1)`);
  if (values.role !== undefined && !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(values.role)) problems.push(`--role ${values.role} is not a role name (reader, operator, admin, or one from .cirro/policy.yaml)`);
  if (modality === 'cli' && !awsCliAvailable()) problems.push('--agent cli runs the AWS CLI, which is not installed: install AWS CLI v2 (apt-get install awscli) or set CIRRO_AWS_CLI');
  const model = chooseModel(values, problems);
  if (problems.length || !model) {
    process.stderr.write(`cirro ask --agent: ${problems.join('\n  ')}\n`);
    return 2;
  }
  const json = values.json === true;
  const say = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const opened = await openGuardedSession({ endpoint: endpointFlag, ...(values.role ? { role: values.role } : {}), say: (line) => process.stderr.write(`${line}\n`) });
  if (!opened.ok) {
    process.stderr.write(`cirro ask --agent: ${opened.error}\n`);
    return opened.exitCode;
  }
  const session = opened.value;
  const [{ runModalityAgent }, { UsageMeter, formatUsage }] = await Promise.all([import('../../agent/llm/modality/run-modality-agent.js'), import('../../agent/llm/usage.js')]);
  const region = values.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  const meter = new UsageMeter();
  const steps: ModalityStep[] = [];
  say(`Agent: ${modality}, model ${model.id}, role ${session.guard.role}, through the gateway at ${session.endpoint}`);
  const started = performance.now();
  let result;
  try {
    result = await runModalityAgent({
      model, modality, request, endpoint: session.endpoint, credentials: session.credentials, region, stepLimit,
      audit: session.audit, usage: meter,
      onStep: (step) => {
        steps.push(step);
        for (const line of stepLines(step)) say(line);
      },
    });
  } finally {
    await session.close();
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  say(result.outcome === 'done' ? `Answer: ${result.answer}` : `Stopped (${result.outcome}): ${result.reason}`);
  say(`${result.steps} step${result.steps === 1 ? '' : 's'}, ${result.apiCalls ?? '?'} API calls through the gateway, ${seconds} s; model: ${model.id}, ${formatUsage(result.usage)}`);
  if (json) {
    const body = { request, agent: modality, model: model.id, role: session.guard.role, outcome: result.outcome, answer: result.answer ?? null, reason: result.reason ?? null, steps: result.steps, apiCalls: result.apiCalls ?? null, seconds, usage: result.usage, trace: steps };
    process.stdout.write(`${JSON.stringify(body)}\n`);
  }
  return result.outcome === 'done' ? 0 : 1;
}

function chooseModel(values: Record<string, unknown>, problems: string[]): ChatModel | undefined {
  const chosen = modelFromFlags(values, process.env);
  if (!chosen.success) problems.push(chosen.error.message);
  else if (!chosen.value) problems.push('--agent needs a model to write the commands: add --model PROVIDER:NAME (e.g. openai:gpt-4o-mini, ollama:llama3.1) or set CIRRO_MODEL');
  return chosen.success ? chosen.value : undefined;
}

/** `[2] aws ec2 run-instances …` / `    exit 0` / up to 8 lines of output. */
function stepLines(step: ModalityStep): string[] {
  const output = step.output.split('\n').slice(1).filter((line) => line.trim());
  const shown = output.slice(0, 8).map((line) => `    ${line.length > 160 ? `${line.slice(0, 160)}…` : line}`);
  return [`[${step.index}] ${step.shown}`, `    → ${step.status}`, ...shown, ...(output.length > 8 ? [`    … ${output.length - 8} more lines`] : [])];
}
