import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { z } from 'zod';
import { runAwsCliArgv } from '../../../exec/confined/run-aws-cli-argv.js';
import { runSdkProgram } from '../../../exec/confined/run-sdk-program.js';
import type { ConfinedCredentials, ConfinedResult } from '../../../exec/confined/types.js';
import type { ToolCall } from '../types.js';
import { modalityTools, type AgentModality } from './modality-tools.js';
import { deployTemplate, describeStack, type DeployTiming } from './tools/deploy-template.js';

/** What the tools need: where calls go, as whom, and the limits on what the model's work may do. */
export interface ToolEnvironment {
  readonly modality: AgentModality;
  readonly endpoint: string;
  readonly credentials: ConfinedCredentials;
  readonly region: string;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  /** The aws binary (default $CIRRO_AWS_CLI, else `aws`). */
  readonly awsCli?: string;
  /** CloudFormation through the gateway, for the IaC tools. */
  readonly cloudformation: () => CloudFormationClient;
  readonly deployTiming: DeployTiming;
}

/** A labelled part of a tool's output (`stdout`, `stderr`), trimmed to its share of the budget on its own. */
export interface OutputSection {
  readonly label?: string;
  readonly text: string;
}

/** One tool call's result: a one-line status, its output for the model, and whether it failed. */
export interface ToolOutcome {
  readonly status: string;
  readonly sections: readonly OutputSection[];
  readonly failed: boolean;
  /** Set when the model called `done`. */
  readonly answer?: string;
  /** What ran, for people watching (`aws ec2 run-instances …`, `program (23 lines)`). */
  readonly shown: string;
}

// Validated here: anything a model produced is untrusted input.
const SCHEMAS = {
  run_cli: z.object({ argv: z.array(z.string()).min(1) }),
  run_sdk_program: z.object({ source: z.string().min(1) }),
  deploy_template: z.object({ stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'a stack name starts with a letter and holds letters, digits and hyphens (at most 128)'), template: z.string().min(1) }),
  describe_stack: z.object({ stackName: z.string().min(1) }),
  done: z.object({ answer: z.string() }),
} as const;

type ToolName = keyof typeof SCHEMAS;

/** Runs one tool call the model made. Never throws for the model's mistakes or the cloud's errors: they come back as failed outcomes. */
export async function runTool(call: ToolCall, environment: ToolEnvironment): Promise<ToolOutcome> {
  const offered = modalityTools(environment.modality).map((tool) => tool.name);
  if (!offered.includes(call.name)) {
    return failed('unknown tool', call.name, `there is no tool named ${JSON.stringify(call.name)}; the tools are ${offered.join(', ')}`);
  }
  if (call.arguments === undefined) {
    return failed('invalid arguments', call.name, `the arguments are not valid JSON (${jsonProblem(call.rawArguments)}); send a JSON object, for example ${example(call.name as ToolName)}`);
  }
  const parsed = SCHEMAS[call.name as ToolName].safeParse(call.arguments);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`).join('; ');
    return failed('invalid arguments', call.name, `the arguments do not fit ${call.name}: ${problems}; for example ${example(call.name as ToolName)}`);
  }
  const args = parsed.data as Record<string, unknown>;
  switch (call.name as ToolName) {
    case 'done':
      return { status: 'done', sections: [], failed: false, answer: String(args['answer']), shown: 'done' };
    case 'run_cli': {
      const argv = args['argv'] as string[];
      const result = await runAwsCliArgv(argv, { ...limits(environment), ...(environment.awsCli ? { binary: environment.awsCli } : {}) });
      return confined(result, argv.map(shellWord).join(' '));
    }
    case 'run_sdk_program': {
      const source = String(args['source']);
      return confined(await runSdkProgram(source, limits(environment)), `node program.mjs (${source.split('\n').length} lines)`);
    }
    case 'deploy_template':
    case 'describe_stack':
      return stackTool(call.name as 'deploy_template' | 'describe_stack', args, environment);
  }
}

async function stackTool(name: 'deploy_template' | 'describe_stack', args: Record<string, unknown>, environment: ToolEnvironment): Promise<ToolOutcome> {
  const stackName = String(args['stackName']);
  const shown = `${name} ${stackName}`;
  try {
    if (name === 'describe_stack') {
      return { status: 'ok', sections: [{ text: JSON.stringify(await describeStack(environment.cloudformation(), stackName), null, 1) }], failed: false, shown };
    }
    const outcome = await deployTemplate(environment.cloudformation(), stackName, String(args['template']), environment.deployTiming);
    return { status: outcome.status, sections: [{ text: JSON.stringify(outcome, null, 1) }], failed: !outcome.ok, shown };
  } catch (error) {
    const failure = error as Error & { name?: string };
    return failed('error', shown, `${failure.name ?? 'Error'}: ${failure.message}`);
  }
}

function confined(result: ConfinedResult, shown: string): ToolOutcome {
  if (result.kind === 'refused') return failed('refused', shown, `not run: ${result.reason}`);
  if (result.kind === 'unavailable') return failed('unavailable', shown, result.reason);
  const status = result.timedOut ? 'timed out' : result.exitCode === null ? 'killed' : `exit ${result.exitCode}`;
  const sections: OutputSection[] = [
    ...(result.timedOut ? [{ text: `killed at the time limit after ${Math.round(result.durationMs / 1000)} s` }] : []),
    ...(result.stdout.trim() ? [{ label: 'stdout', text: result.stdout.trimEnd() }] : []),
    ...(result.stderr.trim() ? [{ label: 'stderr', text: result.stderr.trimEnd() }] : []),
  ];
  return { status, sections: sections.length > 0 ? sections : [{ text: '(no output)' }], failed: result.exitCode !== 0, shown };
}

function failed(status: string, shown: string, text: string): ToolOutcome {
  return { status, sections: [{ text }], failed: true, shown };
}

function limits(environment: ToolEnvironment) {
  return { endpoint: environment.endpoint, credentials: environment.credentials, region: environment.region, timeoutMs: environment.timeoutMs, maxOutputBytes: environment.maxOutputBytes };
}

function jsonProblem(raw: string): string {
  try {
    JSON.parse(raw);
    return 'not an object';
  } catch (error) {
    return `${(error as Error).message}; received ${JSON.stringify(raw.slice(0, 120))}${raw.length > 120 ? '…' : ''}`;
  }
}

function example(name: ToolName): string {
  return {
    run_cli: '{"argv": ["aws", "ec2", "describe-instances"]}',
    run_sdk_program: '{"source": "import { EC2Client, DescribeInstancesCommand } from \'@aws-sdk/client-ec2\'; …"}',
    deploy_template: '{"stackName": "web", "template": "{\\"Resources\\": {…}}"}',
    describe_stack: '{"stackName": "web"}',
    done: '{"answer": "Launched i-0abc… (web-1)."}',
  }[name];
}

function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
