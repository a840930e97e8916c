import { parseArgs } from 'node:util';

const HELP = `Usage: cirro bench --suite study|all [options]

Runs a task suite against fresh worlds of an in-process gym: for each task, trial and modality it
builds the starting world with the AWS SDK, has the agent carry out the request with approval given,
and checks the cloud (or the answer) with the SDK. Prints success rate and mean agent steps per task
class and modality beside the modality study's Table 1, then API calls, wall time, tokens and cost,
pass@k and pass^k, fault-mode recovery and the failures.

Which runs:
  --suite NAME          the task suite: study, or all (every suite)
  --modality LIST       comma-separated modalities to run: sdk, cli, iac (default sdk,cli)
  --task ID             only this task (repeat, or comma-separate, for several)
  --trials N            N trials per task, each on a fresh world with a phrasing drawn from the task's
                        set (seeded; the same seed draws the same phrasings for a task whatever else runs)
  --seed S              the seed of the draws and of fault mode (default 1)
  --k K                 the k of pass@k and pass^k (default: the number of trials)
  --phrasings N         without --trials: at most N phrasings per task, each once, rotating which
                        (default: every phrasing once; pass@1 is then the mean per-task success rate)
  --step-limit N        a run that takes more agent steps than this fails (default 100, the study's)

Which agent:
  --brain NAME          embedded (default: the intent compiler, no model) or a model as provider:model
                        (openai:gpt-4o-mini, anthropic:…, ollama:llama3.1, …; keys from the usual variables)
  --agent KIND          with a model: modality (default; the model writes SDK programs or CLI commands
                        itself, as the study's agents did) or planner (the model proposes Cirro plans,
                        which Cirro checks, runs and verifies)

Fault mode:
  --faults              run the suite twice, clean and with the gym throttling a share of the changing
                        calls (RequestLimitExceeded/Throttling) and failing half that share of all calls
                        with 500 InternalError; reports success rate, extra requests and extra time
  --fault-rate R        the throttled share, above 0 and at most 0.5 (default 0.1; implies --faults)

Output:
  --json                print the report as one JSON object on stdout
  --report FILE         also write the report: FILE.json (the data) or FILE.html (a self-contained page
                        with the table, a bar chart beside the study's figures, and every run)
  --speed N             the gym's simulated seconds per real second (default 600 for sdk, 120
                        for cli, whose slower real time would otherwise let simulated time race)
  --list                list the suite's tasks and exit

pass@k is the chance that at least one of k trials passes, pass^k that all k do: the unbiased
estimators 1 − C(n−c,k)/C(n,k) and C(c,k)/C(n,k) from each task's n trials with c passes, averaged
over the tasks of a class. With k = n, pass^k is the share of tasks that passed every trial.

The CLI modality runs the AWS CLI: $CIRRO_AWS_CLI, else a v2 at /usr/bin/aws or on PATH, else any
\`aws\` on PATH (a v1 works too; the report says which ran).

Exit codes: 0 every run succeeded (or failed only where the suite records a known gap); 1 some run
failed; 2 bad options.
`;

/** `cirro bench …` */
export async function runBenchCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        suite: { type: 'string' }, brain: { type: 'string' }, agent: { type: 'string' }, modality: { type: 'string' }, task: { type: 'string', multiple: true },
        phrasings: { type: 'string' }, trials: { type: 'string' }, seed: { type: 'string' }, k: { type: 'string' }, 'step-limit': { type: 'string' },
        faults: { type: 'boolean' }, 'fault-rate': { type: 'string' }, speed: { type: 'string' }, report: { type: 'string' },
        json: { type: 'boolean' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`cirro bench: ${(error as Error).message}. Run 'cirro bench --help' for the options.\n`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [{ SUITES }, { parseBenchOptions }] = await Promise.all([import('../../bench/suites/study.js'), import('./bench-options.js')]);
  const checked = parseBenchOptions(values, SUITES);
  if ('problems' in checked) {
    process.stderr.write(`cirro bench: ${checked.problems.join('\n  ')}\n`);
    return 2;
  }
  const options = checked.options;
  if (values.list) {
    for (const task of options.suite.tasks) process.stdout.write(`${task.id.padEnd(36)} ${task.taskClass.padEnd(13)} ${task.title}${task.knownGap ? ` (known gap: ${task.knownGap.reason})` : ''}\n`);
    return 0;
  }

  let awsCli: { path: string; version: string } | undefined;
  if (options.modalities.includes('cli')) {
    const { findAwsCli } = await import('../../bench/aws-cli.js');
    const found = findAwsCli();
    if ('problem' in found) {
      process.stderr.write(`cirro bench: the cli modality needs the AWS CLI: ${found.problem}\n`);
      return 2;
    }
    awsCli = found;
    process.stderr.write(`cirro bench: the cli modality runs ${found.path} (${found.version}${found.major < 2 ? ', a v1: fine for these calls, but v2 is what the study used' : ''})\n`);
  }
  const { runBench } = await import('./bench-run.js');
  return runBench(options, { argv, json: values.json ?? false, ...(awsCli ? { awsCli } : {}) });
}
