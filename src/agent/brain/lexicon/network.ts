import type { ImageHint } from '../../../plan/intent.js';

/** A service people name instead of a port ("open ssh"). */
export interface ServicePort {
  readonly protocol: 'tcp' | 'udp' | 'icmp' | '-1';
  readonly fromPort: number;
  readonly toPort: number;
}

const tcp = (port: number): ServicePort => ({ protocol: 'tcp', fromPort: port, toPort: port });

/** Service names (one or two words) and the ports they stand for. */
export const SERVICE_PORTS: ReadonlyMap<string, readonly ServicePort[]> = new Map([
  ['ssh', [tcp(22)]], ['http', [tcp(80)]], ['https', [tcp(443)]], ['rdp', [tcp(3389)]], ['remote desktop', [tcp(3389)]],
  ['postgres', [tcp(5432)]], ['postgresql', [tcp(5432)]], ['mysql', [tcp(3306)]], ['mariadb', [tcp(3306)]],
  ['redis', [tcp(6379)]], ['mongodb', [tcp(27017)]], ['mongo', [tcp(27017)]], ['smtp', [tcp(25)]], ['ftp', [tcp(21)]],
  ['dns', [{ protocol: 'udp', fromPort: 53, toPort: 53 }]], ['web traffic', [tcp(80), tcp(443)]],
  ['ping', [{ protocol: 'icmp', fromPort: -1, toPort: -1 }]], ['icmp', [{ protocol: 'icmp', fromPort: -1, toPort: -1 }]],
  ['all traffic', [{ protocol: '-1', fromPort: -1, toPort: -1 }]], ['all ports', [{ protocol: '-1', fromPort: -1, toPort: -1 }]],
  ['kubernetes api', [tcp(6443)]], ['elasticsearch', [tcp(9200)]],
]);

/** The CIDR that means "anywhere". */
export const ANYWHERE = '0.0.0.0/0';

/** Operating systems and images as people name them, longest first, with a note when a default was picked. */
export const IMAGE_PHRASES: readonly (readonly [phrase: string, family: NonNullable<ImageHint['family']>, note?: string])[] = [
  ['ubuntu 24.04', 'ubuntu-24.04'], ['ubuntu 24', 'ubuntu-24.04'], ['ubuntu noble', 'ubuntu-24.04'], ['noble', 'ubuntu-24.04'],
  ['ubuntu 22.04', 'ubuntu-22.04'], ['ubuntu 22', 'ubuntu-22.04'], ['ubuntu jammy', 'ubuntu-22.04'], ['jammy', 'ubuntu-22.04'],
  ['ubuntu', 'ubuntu-24.04', "'ubuntu' read as Ubuntu 24.04 LTS (noble)"],
  ['amazon linux 2023', 'amazon-linux-2023'], ['amazon linux 2', 'amazon-linux-2'], ['al2023', 'amazon-linux-2023'],
  ['al2', 'amazon-linux-2'], ['amzn2', 'amazon-linux-2'], ['amazon linux', 'amazon-linux-2023'], ['amazonlinux', 'amazon-linux-2023'],
  ['amzn', 'amazon-linux-2023'], ['debian 12', 'debian-12'], ['bookworm', 'debian-12'],
  ['debian', 'debian-12', "'debian' read as Debian 12 (bookworm)"], ['windows server 2022', 'windows-2022'],
  ['windows 2022', 'windows-2022'], ['windows server', 'windows-2022'], ['windows', 'windows-2022', "'windows' read as Windows Server 2022"],
];

/** Operating systems Cirro cannot launch yet: the brain asks for one it knows instead of guessing. */
export const UNKNOWN_IMAGES: ReadonlySet<string> = new Set(['rhel', 'redhat', 'centos', 'suse', 'sles', 'fedora', 'rocky', 'alma', 'almalinux', 'arch', 'freebsd', 'macos', 'ubuntu 20.04', 'ubuntu 18.04']);

/** Graph output formats as people ask for them. */
export const FORMAT_WORDS: ReadonlyMap<string, 'dot' | 'json' | 'text'> = new Map([
  ['dot', 'dot'], ['graphviz', 'dot'], ['gv', 'dot'], ['json', 'json'], ['text', 'text'], ['tree', 'text'], ['ascii', 'text'],
]);
