import { spawnSync } from 'node:child_process';
import { run } from './aws-cli.js';
import { TEST_CREDENTIALS, TEST_REGION } from './gym.js';

/** How to get boto3 for the boto3 conformance tests. */
export const BOTO3_INSTALL = 'install it with `apt-get install -y python3-boto3` or `pip install boto3`';

let python: string | null | undefined;

/** The first Python with boto3: `python3` on PATH, then Debian's /usr/bin/python3. */
function pythonWithBoto3(): string | undefined {
  if (python === undefined) {
    python = ['python3', '/usr/bin/python3'].find((candidate) => spawnSync(candidate, ['-c', 'import boto3'], { encoding: 'utf8' }).status === 0) ?? null;
  }
  return python ?? undefined;
}

/** True when a Python with boto3 is available. */
export function boto3Available(): boolean {
  return pythonWithBoto3() !== undefined;
}

/**
 * Runs a Python snippet with `endpoint`, `region` and a `client(name)` helper defined; the snippet
 * prints JSON as its last line, which is returned parsed. boto3 errors surface as
 * `{ "error": code, "message": … }` when the snippet calls `run(lambda: …)`.
 */
export async function boto3(endpoint: string, snippet: string): Promise<any> {
  const program = `
import json, boto3, botocore
endpoint = ${JSON.stringify(endpoint)}
region = ${JSON.stringify(TEST_REGION)}
session = boto3.session.Session(aws_access_key_id=${JSON.stringify(TEST_CREDENTIALS.accessKeyId)}, aws_secret_access_key=${JSON.stringify(TEST_CREDENTIALS.secretAccessKey)}, region_name=region)
def client(name):
    return session.client(name, endpoint_url=endpoint, config=botocore.config.Config(retries={'max_attempts': 1}))
def run(call):
    try:
        return call()
    except botocore.exceptions.ClientError as error:
        return {'error': error.response['Error']['Code'], 'message': error.response['Error'].get('Message')}
${snippet}
`;
  const interpreter = pythonWithBoto3();
  if (!interpreter) throw new Error(`boto3 not found; ${BOTO3_INSTALL}`);
  const result = await run(interpreter, ['-c', program], { ...process.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' });
  if (result.status !== 0) throw new Error(`boto3 snippet failed: ${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}
