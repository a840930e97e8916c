import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { openGuardedSession } from '../guarded-session.js';
import { LlmError } from '../../agent/llm/llm-error.js';
import { MODEL_FLAG_HELP, MODEL_FLAG_OPTIONS, modelFromFlags } from '../../agent/llm/model-config.js';
import { formatUsage, UsageMeter } from '../../agent/llm/usage.js';
import { runAskAgentCommand, wantsModalityAgent } from './ask-agent.js';

const HELP = `Usage: cirro ask "<request>" [options]

Understands a request in plain English, shows the plan and what it implies, asks for approval when it
changes something, runs it through the AWS SDK, the AWS CLI or CloudFormation, verifies the result,
and answers.

  --modality auto|sdk|cli|iac
                           how to run the plan (default auto: CLI for provisioning, IaC for
                           replace-style updates of resources a stack manages, SDK otherwise); iac
                           makes the plan a change to a stack template (adopting unmanaged resources
                           into Cirro's stack for their VPC by import), reviewed as a change set
                           whose replacements must match the plan, then executed; stop, start,
                           reboot, terminate and other changes with no template form use the SDK
  --endpoint URL|aws       an AWS-compatible endpoint, or 'aws' for AWS itself with the standard
                           credential chain (default $AWS_ENDPOINT_URL, else the local gym, started
                           if needed)
  --region R               region (default $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)
  --yes                    approve a plan that needs approval (never overrides a refusal)
  --role R                 the role to act as: reader, operator, admin, or one defined in
                           .cirro/policy.yaml (default $CIRRO_ROLE, the policy file's role, else
                           operator on a gym and reader anywhere else)
  --read-only              change nothing: any plan that would change the cloud is refused
  --dry-run                stop after showing the plan
  --show sdk|cli|iac       also print the plan as an AWS SDK program, an AWS CLI script, or (iac) the
                           stack template's unified diff with the resources it adopts
  --json                   print one JSON object on stdout and nothing else there
${MODEL_FLAG_HELP.join('\n')}
  --agent cli|sdk|iac      let a model write and run CLI commands, SDK programs or templates itself,
                           behind the gateway (needs --model; see cirro ask --agent cli --help)

Examples:
  cirro ask "launch three t3.small VMs named web-1..3 in the same network" --yes
  cirro ask "put web-1, web-2 and web-3 behind a load balancer on port 80"
  cirro ask "switch api-1 to spot" --dry-run --show cli
  cirro ask "switch api-1 to spot" --modality iac --dry-run --show iac
  cirro ask "what is the public IP of web-1?"
  cirro ask "show the dependency graph as dot"
  cirro ask "web-1 should be a t3.large" --model openai:gpt-4o-mini

With --model, the model proposes the plan (or answers a question from read-only inventory tools) and
everything after is the same: checks, approval, execution, verification, rollback. A model plan that goes
beyond the request (a question answered with a change, a delete nobody asked for, a resource the request
never named) is refused, whatever the model says and even with --yes.

Every plan is checked before it runs: compliance rules on the state it would produce, the role's Cedar
policies, and its risk. Low-risk plans run; higher risk needs approval (a terminal prompt, --yes, or
'cirro approve <id>' later); refusals stand even with --yes. Calls go through a gateway started in this
process (or $CIRRO_GATEWAY) that admits only what the approved plan declares, and every plan, decision
and call is written to the audit log ('cirro audit'). A failed step rolls back the steps before it.

Exit codes: 0 done and verified (or answered); 1 failed (rolled back when possible); 2 not understood,
ambiguous or refused; 3 needs approval (saved: see 'cirro plans').
`;

/** `cirro ask …` */
export async function runAskCommand(argv: string[]): Promise<number> {
  if (wantsModalityAgent(argv)) return runAskAgentCommand(argv);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        modality: { type: 'string' }, endpoint: { type: 'string' }, region: { type: 'string' }, yes: { type: 'boolean', short: 'y' },
        'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, show: { type: 'string' }, help: { type: 'boolean', short: 'h' },
        role: { type: 'string' }, 'read-only': { type: 'boolean' }, ...MODEL_FLAG_OPTIONS,
      },
    });
  } catch (error) {
    process.stderr.write(`cirro ask: ${(error as Error).message}. Run 'cirro ask --help' for the options.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const request = positionals.join(' ').trim();
  const problems: string[] = [];
  if (!request) problems.push('say what you want, in quotes: cirro ask "stop web-1"');
  if (request.length > 2000) problems.push(`the request is ${request.length} characters long; keep it under 2000`);
  const modality = values.modality ?? 'auto';
  if (!['auto', 'sdk', 'cli', 'iac'].includes(modality)) problems.push(`--modality ${modality} is not one of auto, sdk, cli, iac`);
  if (values.show !== undefined && !['sdk', 'cli', 'iac'].includes(values.show)) problems.push(`--show ${values.show} is not one of sdk, cli, iac`);
  const endpointFlag = values.endpoint ?? process.env['AWS_ENDPOINT_URL'];
  if (endpointFlag !== undefined && endpointFlag !== 'aws' && !/^https?:\/\/[^\s/]+/.test(endpointFlag)) problems.push(`--endpoint ${endpointFlag} is not a URL (expected http://host:port, https://host, or aws)`);
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(values.region)) problems.push(`--region ${values.region} is not a region name (expected something like us-east-1)`);
  if (values.role !== undefined && !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(values.role)) problems.push(`--role ${values.role} is not a role name (reader, operator, admin, or one from .cirro/policy.yaml)`);
  const chosen = modelFromFlags(values, process.env);
  if (!chosen.success) problems.push(chosen.error.message);
  const model = chosen.success ? chosen.value : undefined;
  if (problems.length) {
    process.stderr.write(`cirro ask: ${problems.join('\n  ')}\n`);
    return 2;
  }
  const meter = model ? new UsageMeter() : undefined;
  const json = values.json === true;
  const say = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

  const opened = await openGuardedSession({ endpoint: endpointFlag, role: values.role, readOnly: values['read-only'] === true, say: (line) => process.stderr.write(`${line}\n`) });
  if (!opened.ok) {
    process.stderr.write(`cirro ask: ${opened.error}\n`);
    return opened.exitCode;
  }
  const session = opened.value;
  const [{ ask }, { createBrain }, { renderSdkProgram }, { renderCliScript }, { renderGraphAnswer }] = await Promise.all([
    import('../../agent/ask.js'),
    import('../../agent/brains.js'),
    import('../../plan/render/sdk-program.js'),
    import('../../plan/render/cli-script.js'),
    import('../../agent/graph-answer.js'),
  ]);
  const terminal = !json && process.stdin.isTTY === true && process.stdout.isTTY === true;
  let result;
  try {
    result = await ask({
    request,
    brain: createBrain(model && meter ? { model: meter.wrap(model) } : {}),
    modality: modality as 'auto' | 'sdk' | 'cli' | 'iac',
    endpoint: session.endpoint,
    upstreamEndpoint: session.upstream,
    credentials: session.credentials,
    guard: session.guard,
    audit: session.audit,
    gateway: { bindPlan: session.bindPlan },
    pendingDirectory: session.pendingDirectory,
    locksDirectory: session.locksDirectory,
    region: values.region,
    gym: session.gym,
    yes: values.yes === true,
    dryRun: values['dry-run'] === true,
    show: values.show as 'sdk' | 'cli' | 'iac' | undefined,
    interaction: terminal ? terminalInteraction() : undefined,
    onLine: say,
    graph: renderGraphAnswer,
    render: (plan, as, options) => (as === 'sdk' ? renderSdkProgram(plan, { ...options, endpoint: session.upstream }) : renderCliScript(plan, { ...options, endpoint: session.upstream })),
  });
  } catch (error) {
    if (!LlmError.isLlm(error)) throw error;
    process.stderr.write(`cirro ask: ${error.message}\nNothing was changed.\n`);
    if (meter && model) process.stderr.write(`model: ${model.id}, ${formatUsage(meter.totals())}\n`);
    return 1;
  } finally {
    await session.close();
  }
  const usage = meter?.totals();
  if (usage && model) say(`model: ${model.id}, ${formatUsage(usage)}`);
  if (json) {
    const { exitCode: _exitCode, ...body } = result;
    process.stdout.write(`${JSON.stringify(usage && model ? { ...body, model: model.id, usage } : body)}\n`);
  }
  return result.exitCode;
}

function terminalInteraction() {
  const prompt = async (question: string): Promise<string> => {
    const reader = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return (await reader.question(question)).trim();
    } finally {
      reader.close();
    }
  };
  return {
    async confirm(question: string) {
      return /^y(es)?$/i.test(await prompt(`${question} [y/N] `));
    },
    async choose(question: string, options: readonly string[]) {
      const list = options.map((option, index) => `  ${index + 1}) ${option}`).join('\n');
      const answer = await prompt(`${question}\n${list}\nPick a number (or press Enter to cancel): `);
      const index = Number(answer) - 1;
      return Number.isInteger(index) && index >= 0 && index < options.length ? options[index] : undefined;
    },
    ask: (question: string) => prompt(`${question} `),
  };
}
