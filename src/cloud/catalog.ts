import { DescribeImagesCommand, DescribeInstanceTypesCommand, type Image } from '@aws-sdk/client-ec2';
import type { CloudClients } from './clients.js';
import { cloudReadError } from './reading/read-failure.js';

/** The images people ask for by family, and how to find the newest of each on AWS (and the gym). */
export const IMAGE_FAMILIES: Readonly<Record<string, { readonly owners: readonly string[]; readonly name: string; readonly architectures: readonly string[] }>> = {
  'amazon-linux-2023': { owners: ['amazon'], name: 'al2023-ami-2023.*', architectures: ['x86_64', 'arm64'] },
  'amazon-linux-2': { owners: ['amazon'], name: 'amzn2-ami-hvm-2.0.*', architectures: ['x86_64', 'arm64'] },
  'ubuntu-24.04': { owners: ['099720109477'], name: 'ubuntu/images/hvm-ssd*/ubuntu-noble-24.04-*-server-*', architectures: ['x86_64', 'arm64'] },
  'ubuntu-22.04': { owners: ['099720109477'], name: 'ubuntu/images/hvm-ssd*/ubuntu-jammy-22.04-*-server-*', architectures: ['x86_64', 'arm64'] },
  'debian-12': { owners: ['136693071363', 'amazon'], name: 'debian-12-*', architectures: ['x86_64', 'arm64'] },
  'windows-2022': { owners: ['amazon'], name: 'Windows_Server-2022-English-Full-Base-*', architectures: ['x86_64'] },
};

/** An image found for a family or id. */
export interface FoundImage {
  readonly imageId: string;
  readonly name: string;
  readonly architecture: string;
  readonly rootDeviceName: string | undefined;
}

/** The newest available image of a family for an architecture, or undefined. */
export async function findFamilyImage(clients: CloudClients, family: string, architecture: string): Promise<FoundImage | undefined> {
  const spec = IMAGE_FAMILIES[family];
  if (!spec || !spec.architectures.includes(architecture)) return undefined;
  const output = await clients.ec2.send(new DescribeImagesCommand({
    Owners: [...spec.owners],
    Filters: [{ Name: 'name', Values: [spec.name] }, { Name: 'architecture', Values: [architecture] }, { Name: 'state', Values: ['available'] }],
  })).catch((error: unknown) => {
    throw cloudReadError('DescribeImages', error);
  });
  const newest = [...(output.Images ?? [])].sort((a, b) => String(b.CreationDate ?? '').localeCompare(String(a.CreationDate ?? '')))[0];
  return newest ? found(newest) : undefined;
}

/** An image by id, or undefined when the cloud has none by that id. */
export async function findImageById(clients: CloudClients, imageId: string): Promise<FoundImage | undefined> {
  try {
    const output = await clients.ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }));
    const image = output.Images?.[0];
    return image ? found(image) : undefined;
  } catch (error) {
    if (/InvalidAMIID/.test((error as Error).name)) return undefined;
    throw cloudReadError('DescribeImages', error);
  }
}

function found(image: Image): FoundImage {
  return { imageId: image.ImageId ?? '', name: image.Name ?? image.ImageId ?? '', architecture: image.Architecture ?? 'x86_64', rootDeviceName: image.RootDeviceName };
}

/** What the planner needs of an instance type. */
export interface InstanceTypeFacts {
  readonly name: string;
  readonly vCpus: number;
  readonly memoryMiB: number;
  readonly architectures: readonly string[];
}

/** Facts about the named instance types; unknown names are simply absent from the answer. */
export async function describeInstanceTypes(clients: CloudClients, names: readonly string[]): Promise<InstanceTypeFacts[]> {
  const facts: InstanceTypeFacts[] = [];
  // One call per name: AWS rejects the whole call when any one name is unknown.
  await Promise.all([...new Set(names)].map(async (name) => {
    try {
      const output = await clients.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: [name as never] }));
      for (const type of output.InstanceTypes ?? []) {
        facts.push({
          name: type.InstanceType ?? name,
          vCpus: type.VCpuInfo?.DefaultVCpus ?? 0,
          memoryMiB: type.MemoryInfo?.SizeInMiB ?? 0,
          architectures: type.ProcessorInfo?.SupportedArchitectures ?? ['x86_64'],
        });
      }
    } catch (error) {
      if (!/InvalidInstanceType|InvalidParameterValue/.test((error as Error).name)) throw cloudReadError('DescribeInstanceTypes', error);
    }
  }));
  return facts;
}
