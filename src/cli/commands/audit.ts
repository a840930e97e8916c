import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openAuditLog, type AuditFileVerification, type AuditLogFile } from '../../guard/audit/index.js';
import type { AuditEntry, AuditFilter } from '../../guard/audit/types.js';
import { cirroHome } from '../cirro-home.js';

const HELP = `Usage: cirro audit [--since WHEN] [--resource ID] [--plan ID] [--json]
       cirro audit verify [--json]

Shows the audit log, oldest entry first: every plan, decision, approval, API call and verification
Cirro recorded, one line each (time, entry number, type, who acted, plan, resources, details). The log
is $CIRRO_HOME/audit/audit.jsonl (~/.cirro/audit when CIRRO_HOME is not set).

  --since WHEN   entries from the last 30m, 2h, 7d (s, m, h, d, w), or since an ISO time
                 such as 2025-06-01T12:00:00Z
  --resource ID  entries that touch this resource (an id also matches an ARN ending in it)
  --plan ID      entries of this plan
  --json         one JSON object per line, as stored

cirro audit verify recomputes the log's hash chain. It prints "audit log intact: N entries" and exits
0, or names the first entry that was edited, deleted or reordered and exits 1.
`;

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** Longest details text on a line; the rest is in --json. */
const SUMMARY_LENGTH = 100;

/** Widest a column is padded to. */
const COLUMN_LIMIT = 40;

/** A flag with a bad value (exit 2). */
class UsageError extends Error {}

/** `cirro audit …`: shows or verifies the audit log; resolves to the exit code. */
export async function runAuditCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { since: { type: 'string' }, resource: { type: 'string' }, plan: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const [subcommand, ...extra] = positionals;
    if (extra.length > 0 || (subcommand !== undefined && subcommand !== 'verify')) {
      throw new UsageError(`unexpected '${positionals.join(' ')}': the only subcommand is verify`);
    }
    const log = openAuditLog(join(cirroHome(), 'audit'));
    if (!existsSync(log.path)) {
      process.stdout.write(`no audit log yet: Cirro starts ${log.path} when it runs a plan or its gateway serves a call\n`);
      return 0;
    }
    if (subcommand === 'verify') {
      if (values.since !== undefined || values.resource !== undefined || values.plan !== undefined) throw new UsageError('verify checks the whole log: it takes no --since, --resource or --plan');
      return verify(log, values.json === true);
    }
    const filter: AuditFilter = {
      ...(values.since !== undefined ? { since: parseSince(values.since, Date.now()) } : {}),
      ...(values.resource !== undefined ? { resource: values.resource } : {}),
      ...(values.plan !== undefined ? { planId: values.plan } : {}),
    };
    return show(log, filter, values.json === true);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`cirro audit: ${(error as Error).message.replace(/\.$/, '')}. Run 'cirro audit --help' for the options.\n`);
      return 2;
    }
    process.stderr.write(`cirro audit: ${(error as Error).message}\n`);
    return 1;
  }
}

/** `--since`: a duration back from now (30m, 2h, 7d) or an ISO time. */
export function parseSince(text: string, now: number): Date {
  const duration = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(text.trim());
  if (duration) return new Date(now - Number(duration[1]) * UNIT_MS[duration[2]!]!);
  const time = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(time)) return new Date(time);
  throw new UsageError(`--since '${text}' is neither a duration nor a time: use 30m, 2h, 7d, or an ISO time like 2025-06-01T12:00:00Z`);
}

function show(log: AuditLogFile, filter: AuditFilter, json: boolean): number {
  const entries = log.read(filter);
  if (json) {
    process.stdout.write(entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    return 0;
  }
  if (entries.length === 0) {
    const total = log.read().length;
    process.stdout.write(`no audit entries match ${describeFilter(filter)} (the log has ${total} ${total === 1 ? 'entry' : 'entries'})\n`);
    return 0;
  }
  process.stdout.write(`${formatEntries(entries).join('\n')}\n`);
  return 0;
}

/** One aligned line per entry: time, #seq, type, actor, plan, resources, details. */
export function formatEntries(entries: readonly AuditEntry[]): string[] {
  const rows = entries.map((entry) => [
    entry.time.replace(/\.\d{3}Z$/, 'Z'),
    `#${entry.seq}`,
    entry.type,
    entry.actor,
    entry.planId ?? '-',
    entry.resources && entry.resources.length > 0 ? entry.resources.join(',') : '-',
    summarize(entry.data),
  ]);
  // A long ARN overflows its column rather than pushing every line's details off the screen.
  const widths = rows[0]!.map((_, column) => Math.min(COLUMN_LIMIT, Math.max(...rows.map((row) => row[column]!.length))));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd());
}

/** The data of an entry as `key=value` pairs, short enough for one line. */
export function summarize(data: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(data).filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${shortValue(value)}`);
  const text = parts.join(' ');
  return text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 1)}…` : text;
}

function shortValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    const simple = value.every((item) => item === null || typeof item !== 'object');
    const inline = `[${value.map(shortValue).join(',')}]`;
    return simple && inline.length <= 40 ? inline : `[${value.length} items]`;
  }
  return '{…}';
}

function describeFilter(filter: AuditFilter): string {
  const parts = [
    filter.since ? `since ${filter.since.toISOString()}` : undefined,
    filter.resource !== undefined ? `resource ${filter.resource}` : undefined,
    filter.planId !== undefined ? `plan ${filter.planId}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'the filter';
}

function verify(log: AuditLogFile, json: boolean): number {
  const result: AuditFileVerification = log.verify();
  if (json) {
    process.stdout.write(`${JSON.stringify({ log: log.path, ...result })}\n`);
    return result.ok ? 0 : 1;
  }
  if (result.ok) {
    const torn = result.tornLines.length > 0
      ? ` (line ${result.tornLines.join(', ')}: a write cut short by a crash, which the next entry chains across)`
      : '';
    process.stdout.write(`audit log intact: ${result.entries} ${result.entries === 1 ? 'entry' : 'entries'}${torn}\n`);
    return 0;
  }
  const before = `${result.entries} ${result.entries === 1 ? 'entry' : 'entries'} before it ${result.entries === 1 ? 'is' : 'are'} intact`;
  process.stdout.write(`audit log broken at entry ${result.brokenAt}: ${result.reason}\n${before}; the log is ${log.path}\n`);
  return 1;
}
