/** The EC2 API version every benchmark request names. */
export const EC2_VERSION = '2016-11-15';

/** The region every benchmark request is scoped to. */
export const BENCH_REGION = 'us-east-1';

// A static SigV4 header: syntactically valid with a real credential scope, never verified by the gym or by
// moto (without its IAM mode). It lets both servers route the request as EC2 without signing each one, so
// the load generator spends no time on HMACs.
const AUTHORIZATION =
  `AWS4-HMAC-SHA256 Credential=AKIDCIRROBENCH/20240101/${BENCH_REGION}/ec2/aws4_request, ` +
  `SignedHeaders=content-type;host;x-amz-date, Signature=${'0'.repeat(64)}`;

/** EC2 query parameters, in the order they go on the wire. */
export type Ec2Parameters = readonly (readonly [string, string | number])[];

/** A complete HTTP/1.1 request for one EC2 call, serialized once and replayed as bytes. */
export function ec2Request(host: string, action: string, parameters: Ec2Parameters = []): Buffer {
  const form = new URLSearchParams([['Action', action], ['Version', EC2_VERSION]]);
  for (const [name, value] of parameters) form.append(name, String(value));
  const body = form.toString();
  const head =
    `POST / HTTP/1.1\r\nHost: ${host}\r\n` +
    'Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\n' +
    `X-Amz-Date: 20240101T000000Z\r\nAuthorization: ${AUTHORIZATION}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  return Buffer.from(head + body, 'utf8');
}

/** Parameters that launch `count` instances of an image, each tagged Name=`name`, in a subnet if one is given. */
export function runInstancesParameters(imageId: string, count: number, name: string, subnetId?: string): Ec2Parameters {
  return [
    ...(subnetId ? [['SubnetId', subnetId] as const] : []),
    ['ImageId', imageId],
    ['InstanceType', 't3.micro'],
    ['MinCount', count],
    ['MaxCount', count],
    ['TagSpecification.1.ResourceType', 'instance'],
    ['TagSpecification.1.Tag.1.Key', 'Name'],
    ['TagSpecification.1.Tag.1.Value', name],
  ];
}

/** Parameters for DescribeInstances filtered to one Name tag value. */
export function nameFilterParameters(name: string): Ec2Parameters {
  return [
    ['Filter.1.Name', 'tag:Name'],
    ['Filter.1.Value.1', name],
  ];
}

/** How many times an XML element opens in a response body (`<instanceId>` counts instances). */
export function countElements(body: string, element: string): number {
  let count = 0;
  const needle = `<${element}>`;
  for (let at = body.indexOf(needle); at >= 0; at = body.indexOf(needle, at + needle.length)) count++;
  return count;
}
