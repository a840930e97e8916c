import type { GetConsoleOutputRequest, GetConsoleOutputResult } from '@aws-sdk/client-ec2';
import { handler } from '../../../service.js';
import { stableHex } from '../catalog/stable-id.js';
import { parseCidr } from '../cidr.js';
import type { InstanceRecord } from '../records/compute.js';
import type { Ec2Store } from '../store.js';
import { ec2Store, privateDnsName, requireInstance } from './compute-common.js';
import { macAddress } from './instance-view.js';

/** The kernel each catalogue OS boots, by architecture. */
const KERNELS: Record<InstanceRecord['os'], string> = {
  'amazon-linux-2023': '6.1.119-129.201.amzn2023',
  'amazon-linux-2': '5.10.230-223.885.amzn2',
  'ubuntu': '6.8.0-1018-aws',
  'debian': '6.1.0-28-cloud',
  'windows': '',
};

const ISSUE: Record<InstanceRecord['os'], string> = {
  'amazon-linux-2023': 'Amazon Linux 2023.6.20241212',
  'amazon-linux-2': 'Amazon Linux 2',
  'ubuntu': 'Ubuntu 24.04.1 LTS',
  'debian': 'Debian GNU/Linux 12',
  'windows': '',
};

function netmask(prefix: number): string {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [mask >>> 24, (mask >>> 16) & 255, (mask >>> 8) & 255, mask & 255].join('.');
}

function linuxBootLog(store: Ec2Store, region: string, instance: InstanceRecord): string {
  const arch = instance.architecture === 'arm64' ? 'aarch64' : 'x86_64';
  const kernel = `${KERNELS[instance.os]}${instance.os === 'ubuntu' || instance.os === 'debian' ? '' : `.${arch}`}`;
  const host = `ip-${instance.privateIpAddress.replace(/\./g, '-')}`;
  const fqdn = privateDnsName(region, instance.privateIpAddress);
  const subnet = store.subnets.get(instance.subnetId);
  const prefix = subnet ? (parseCidr(subnet.cidrBlock)?.prefix ?? 20) : 20;
  const device = instance.hypervisor === 'nitro' ? 'ens5' : 'eth0';
  const disk = instance.hypervisor === 'nitro' ? 'nvme0n1' : 'xvda';
  const key = (kind: string) => `SHA256:${Buffer.from(stableHex(64, instance.id, kind), 'hex').toString('base64').replace(/=+$/, '')}`;
  const boot = new Date(instance.launchTime).toUTCString();
  return [
    `[    0.000000] Linux version ${kernel} (mockbuild@${host}) #1 SMP PREEMPT_DYNAMIC ${boot}`,
    `[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-${kernel} root=/dev/${disk}p1 ro console=tty0 console=ttyS0,115200n8 nvme_core.io_timeout=4294967295`,
    `[    0.000000] DMI: Amazon EC2 ${instance.instanceType}/, BIOS 1.0 10/16/2017`,
    `[    0.000000] Hypervisor detected: KVM`,
    `[    0.412233] ${disk}: p1 p127 p128`,
    `[    1.284512] EXT4-fs (${disk}p1): mounted filesystem with ordered data mode. Quota mode: none.`,
    `[    1.903117] systemd[1]: Hostname set to <${fqdn}>.`,
    `[    2.447861] ena 0000:00:05.0 ${device}: renamed from eth0`,
    `[    4.118820] cloud-init[1587]: Cloud-init v. 22.2.2 running 'init' at ${boot}. Up 4.05 seconds.`,
    `[    4.201553] cloud-init[1587]: ci-info: ++++++++++++++++++++++++++++Net device info+++++++++++++++++++++++++++++`,
    `[    4.201610] cloud-init[1587]: ci-info: | Device |  Up  |    Address    |      Mask     | Scope  |     Hw-Address    |`,
    `[    4.201652] cloud-init[1587]: ci-info: | ${device}   | True | ${instance.privateIpAddress} | ${netmask(prefix)} | global | ${macAddress(instance.networkInterfaceId)} |`,
    `[    5.771042] cloud-init[1830]: Generating public/private ed25519 key pair.`,
    `-----BEGIN SSH HOST KEY FINGERPRINTS-----`,
    `256 ${key('ecdsa')} root@${host} (ECDSA)`,
    `256 ${key('ed25519')} root@${host} (ED25519)`,
    `-----END SSH HOST KEY FINGERPRINTS-----`,
    `[    7.902214] cloud-init[1911]: Cloud-init v. 22.2.2 finished at ${boot}. Datasource DataSourceEc2.  Up 7.87 seconds`,
    ``,
    `${ISSUE[instance.os]}`,
    `Kernel ${kernel} on an ${arch}`,
    ``,
    `${host} login: `,
  ].join('\r\n');
}

function windowsBootLog(instance: InstanceRecord): string {
  const at = (offset: number) => `${new Date(instance.launchTime + offset * 1000).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/')}Z`;
  return [
    `${at(30)}: Windows sysprep configuration complete.`,
    `${at(62)}: Message: Waiting for meta-data accessibility...`,
    `${at(63)}: Message: Meta-data is now available.`,
    `${at(64)}: AMI Origin Version: 2024.12.13`,
    `${at(64)}: AMI Origin Name: Windows_Server-2022-English-Full-Base`,
    `${at(65)}: OS: Microsoft Windows NT 10.0.20348`,
    `${at(65)}: OsProductName: Windows Server 2022 Datacenter`,
    `${at(66)}: Instance Type: ${instance.instanceType}`,
    `${at(67)}: Username: Administrator`,
    `${at(67)}: Password: <Password>`,
    `${at(68)}: EC2LaunchV2: Windows is Ready to use`,
  ].join('\r\n');
}

/** GetConsoleOutput: the boot log of the instance's OS (hostname and address its own), base64 as AWS sends it. */
export const consoleOperations = {
  GetConsoleOutput: handler<GetConsoleOutputRequest, GetConsoleOutputResult>((context, input) => {
    const store = ec2Store(context);
    const instance = requireInstance(store, input.InstanceId!);
    // Nothing is written until the instance has booted.
    if (instance.state === 'pending') {
      return { InstanceId: instance.id, Timestamp: new Date(context.now) };
    }
    const log = instance.os === 'windows' ? windowsBootLog(instance) : linuxBootLog(store, context.region, instance);
    return {
      InstanceId: instance.id,
      Output: Buffer.from(log, 'utf8').toString('base64'),
      Timestamp: new Date(Math.min(context.now, instance.launchTime + 60_000)),
    };
  }),
};
