import { spawnSync } from 'node:child_process';
import { run } from './aws-cli.js';
import { TEST_CREDENTIALS, TEST_REGION } from './gym.js';

/** How to get boto3 for the boto3 conformance tests. */
export const BOTO3_INSTALL = 'install it with `apt-get install -y python3-boto3` or `pip install boto3`';

let available: boolean | undefined;

/** True when `python3 -c "import boto3"` works. */
export function boto3Available(): boolean {
  available ??= spawnSync('python3', ['-c', 'import boto3'], { encoding: 'utf8' }).status === 0;
  return available;
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
  const result = await run('python3', ['-c', program], { ...process.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' });
  if (result.status !== 0) throw new Error(`boto3 snippet failed: ${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}
