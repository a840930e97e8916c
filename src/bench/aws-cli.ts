import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The AWS CLI a benchmark drives, and how it was found. */
export interface AwsCliChoice {
  readonly path: string;
  /** `aws-cli/2.9.19 Python/3.11.2 …`, first word kept: `aws-cli/2.9.19`. */
  readonly version: string;
  readonly major: number;
  readonly source: 'CIRRO_AWS_CLI' | 'system' | 'PATH';
}

function probe(path: string, source: AwsCliChoice['source']): AwsCliChoice | undefined {
  const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  const match = /aws-cli\/(\d+)\.[\w.]+/.exec(`${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status !== 0 || !match) return undefined;
  return { path, version: match[0], major: Number(match[1]), source };
}

/**
 * Finds the AWS CLI: $CIRRO_AWS_CLI when set (as given), else a v2 at /usr/bin/aws or on PATH, else
 * any `aws` on PATH. The first `aws` on PATH may be a v1 from pip; a v2 elsewhere is preferred, and
 * a v1 still works (the calls Cirro makes exist in both) but the report says which one ran.
 */
export function findAwsCli(environment: NodeJS.ProcessEnv = process.env): AwsCliChoice | { readonly problem: string } {
  const configured = environment['CIRRO_AWS_CLI'];
  if (configured) {
    return probe(configured, 'CIRRO_AWS_CLI') ?? { problem: `CIRRO_AWS_CLI is ${configured}, which does not run as the AWS CLI (\`${configured} --version\` failed); point it at an aws binary or unset it` };
  }
  const onPath = (environment['PATH'] ?? '').split(delimiter).filter(Boolean).map((directory) => join(directory, 'aws')).filter((path) => existsSync(path));
  const candidates: [string, AwsCliChoice['source']][] = [['/usr/bin/aws', 'system'], ...onPath.map((path): [string, AwsCliChoice['source']] => [path, 'PATH'])];
  const unique = candidates.filter(([path], index) => candidates.findIndex(([other]) => other === path) === index);
  const found = unique.filter(([path]) => existsSync(path)).map(([path, source]) => probe(path, source)).filter((choice): choice is AwsCliChoice => !!choice);
  return found.find((choice) => choice.major >= 2) ?? found[0] ?? { problem: 'no AWS CLI found (looked at $CIRRO_AWS_CLI, /usr/bin/aws and PATH); install AWS CLI v2 (apt-get install awscli) or set CIRRO_AWS_CLI, or run with --modality sdk' };
}
