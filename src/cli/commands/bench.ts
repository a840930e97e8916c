import { parseArgs } from 'node:util';

const HELP = `Usage: cirro bench --suite study [options]

Runs a task suite against fresh worlds of an in-process gym: for each task, phrasing and modality it
builds the starting world with the AWS SDK, runs \`cirro ask\` on the phrasing with approval given,
and checks the cloud (or the answer) with the SDK. Prints success rate and mean agent steps per task
class and modality (the shape of the modality study's Table 1), API calls, wall time and failures.

  --suite NAME          the task suite (study)
  --modality LIST       comma-separated modalities to run: sdk, cli, iac (default sdk,cli); iac
                        runs stop/start/reboot/terminate through the SDK (no template form)
  --task ID             only this task (repeat, or comma-separate, for several)
  --phrasings N         at most N phrasings per task, rotating which ones (default all)
  --speed N             the gym's simulated seconds per real second (default 600 for sdk, 120
                        for cli, whose slower real time would otherwise let simulated time race)
  --json                print the report as one JSON object on stdout
  --list                list the suite's tasks and exit

The CLI modality runs the AWS CLI: $CIRRO_AWS_CLI, else a v2 at /usr/bin/aws or on PATH, else any
\`aws\` on PATH (a v1 works too; the report says which ran).

Exit codes: 0 every run succeeded (or failed only where the suite records a known gap); 1 some run
failed; 2 bad options.
`;

const MODALITIES = ['sdk', 'cli', 'iac'] as const;

/** `cirro bench …` */
export async function runBenchCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        suite: { type: 'string' }, modality: { type: 'string' }, task: { type: 'string', multiple: true }, phrasings: { type: 'string' },
        speed: { type: 'string' }, json: { type: 'boolean' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
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
  const [{ SUITES }, { suggestNames }] = await Promise.all([import('../../bench/suites/study.js'), import('../../cloud/similar-names.js')]);
  const problems: string[] = [];
  const suiteName = values.suite;
  const suite = suiteName ? SUITES[suiteName] : undefined;
  if (!suiteName) problems.push(`--suite is required; the suites are ${Object.keys(SUITES).join(', ')}`);
  else if (!suite) problems.push(`--suite ${suiteName} is not a suite; the suites are ${Object.keys(SUITES).join(', ')}`);
  const modalities = (values.modality ?? 'sdk,cli').split(',').map((item) => item.trim()).filter(Boolean);
  const badModalities = modalities.filter((item) => !(MODALITIES as readonly string[]).includes(item));
  if (badModalities.length) problems.push(`--modality ${badModalities.join(',')}: not a modality; use a comma-separated list of ${MODALITIES.join(', ')}`);
  if (modalities.length === 0) problems.push(`--modality is empty; use a comma-separated list of ${MODALITIES.join(', ')}`);
  const taskIds = (values.task ?? []).flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean);
  if (suite) {
    for (const id of taskIds.filter((candidate) => !suite.tasks.some((task) => task.id === candidate))) {
      const ids = suite.tasks.map((task) => task.id);
      const near = [...new Set([...ids.filter((candidate) => candidate.includes(id)), ...suggestNames(id, ids, 3)])];
      problems.push(`--task ${id}: the ${suite.name} suite has no such task${near.length ? ` (did you mean ${near.slice(0, 3).join(', ')}?)` : ''}; 'cirro bench --suite ${suite.name} --list' lists them`);
    }
  }
  const phrasings = positiveInteger(values.phrasings, '--phrasings', 1, 100, problems);
  const speed = positiveInteger(values.speed, '--speed', 1, 100_000, problems);
  if (problems.length) {
    process.stderr.write(`cirro bench: ${problems.join('\n  ')}\n`);
    return 2;
  }
  if (values.list) {
    for (const task of suite!.tasks) process.stdout.write(`${task.id.padEnd(36)} ${task.taskClass.padEnd(13)} ${task.title}${task.knownGap ? ` (known gap: ${task.knownGap.reason})` : ''}\n`);
    return 0;
  }

  let awsCli: { path: string; version: string } | undefined;
  if (modalities.includes('cli')) {
    const { findAwsCli } = await import('../../bench/aws-cli.js');
    const found = findAwsCli();
    if ('problem' in found) {
      process.stderr.write(`cirro bench: the cli modality needs the AWS CLI: ${found.problem}\n`);
      return 2;
    }
    awsCli = found;
    process.stderr.write(`cirro bench: the cli modality runs ${found.path} (${found.version}${found.major < 2 ? ', a v1: fine for these calls, but v2 is what the study used' : ''})\n`);
  }

  const [{ runSuite, clockSpeed }, { summarize, formatReport }, { createBrain }, { renderGraphAnswer }, { renderSdkProgram }, { renderCliScript }] = await Promise.all([
    import('../../bench/harness.js'),
    import('../../bench/report.js'),
    import('../../agent/brains.js'),
    import('../../agent/graph-answer.js'),
    import('../../plan/render/sdk-program.js'),
    import('../../plan/render/cli-script.js'),
  ]);
  const selected = taskIds.length ? suite!.tasks.filter((task) => taskIds.includes(task.id)) : suite!.tasks;
  const total = modalities.length * selected.reduce((sum, task) => sum + Math.min(task.phrasings.length, phrasings ?? Infinity), 0);
  let done = 0;
  const runs = await runSuite({
    suite: suite!,
    modalities: modalities as ('sdk' | 'cli' | 'iac')[],
    brain: createBrain(),
    taskIds,
    ...(phrasings ? { phrasingsPerTask: phrasings } : {}),
    ...(speed ? { speed } : {}),
    ...(awsCli ? { awsCli: awsCli.path } : {}),
    askOptions: { graph: renderGraphAnswer, render: (plan, as, options) => (as === 'sdk' ? renderSdkProgram(plan, options) : renderCliScript(plan, options)), pollMs: [20, 200] },
    onRun: (run) => {
      done++;
      const verdict = run.success ? 'ok  ' : run.knownGap ? 'GAP ' : 'FAIL';
      process.stderr.write(`[${done}/${total}] ${verdict} ${run.modality} ${run.taskId} #${run.phrasingIndex + 1} ${run.seconds.toFixed(2)} s${run.success ? '' : `: ${run.reason}`}\n`);
    },
  });
  const report = summarize(runs, { suite: suite!.name, brain: 'embedded', clock: Object.fromEntries(modalities.map((modality) => [modality, clockSpeed(speed, modality as 'sdk' | 'cli' | 'iac')])), awsCli: awsCli ? `${awsCli.path} (${awsCli.version})` : null });
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
  return runs.every((run) => run.success || run.knownGap) ? 0 : 1;
}

function positiveInteger(text: string | undefined, flag: string, low: number, high: number, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < low || value > high) {
    problems.push(`${flag} ${text} is not a whole number from ${low} to ${high}`);
    return undefined;
  }
  return value;
}
