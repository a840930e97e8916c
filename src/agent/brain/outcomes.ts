import type { Intent } from '../../plan/intent.js';
import type { Understanding } from './brain.js';
import { describeIntent } from './describe.js';

/** A question the brain must ask before it can go on: returned by slot readers, passed up as is. */
export interface Ask {
  readonly type: 'clarify';
  readonly question: string;
  readonly options?: readonly string[];
}

/** A clarifying question, with options a person can pick (each completes the request when appended). */
export function ask(question: string, options?: readonly string[]): Ask {
  return options && options.length > 0 ? { type: 'clarify', question, options } : { type: 'clarify', question };
}

/** True for a question the brain must ask. */
export function isAsk(value: unknown): value is Ask {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'clarify';
}

/** An understood intent with its one-line reading and the notes gathered while parsing. */
export function understood(intent: Intent, notes: readonly string[]): Understanding {
  return { type: 'intent', intent, understood: describeIntent(intent), notes: [...new Set(notes)] };
}

/** What the embedded brain can do, for requests it could not read. */
export const CAPABILITIES = [
  'Provisioning: "launch 3 t3.micro ubuntu VMs named web", "put web-1..3 behind a load balancer on port 80", "create a VPC with 2 public subnets",',
  '  "create security group web-sg allowing http and https", "create a 100 GB gp3 volume", "allocate an elastic IP for web-1".',
  'Updates: stop / start / reboot / terminate web-1, "resize web-1 to t3.large", "attach a 50 GB disk to web-1", "enable detailed monitoring on web-1",',
  '  "tag web-1 env=prod", "open port 443 on web-sg", "close ssh on web-1", "convert api-1 to spot", "add web-4 to shop-lb", "remove web-2 from shop-lb".',
  'Questions: "is web-1 running?", "public IP of web-1", "what disks does web-1 have?", "how many instances are there?", "what shares a network with web-1?",',
  '  "what is behind shop-lb?", "dependency graph of vpc prod as dot".',
].join('\n');

/** A request the brain could not read: says so, and lists what it can do. */
export function notUnderstood(request: string, reason?: string): Understanding {
  const shown = request.trim().length > 80 ? `${request.trim().slice(0, 77)}...` : request.trim();
  return { type: 'not-understood', message: `${reason ?? `I could not understand "${shown}"`}. Nothing was changed. Here is what I can do:\n${CAPABILITIES}` };
}
