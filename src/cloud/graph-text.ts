import type { ResourceKind } from './inventory.js';
import { shortId } from './inventory-query.js';
import type { GraphEdge, GraphNode, Relation, ResourceGraph } from './graph.js';
import { compareNatural } from './similar-names.js';

/** The order kinds are listed in: containers before what they contain, networks before compute. */
const KIND_ORDER: readonly ResourceKind[] = [
  'vpc', 'subnet', 'internet-gateway', 'route-table', 'security-group', 'load-balancer', 'listener', 'target-group',
  'instance', 'volume', 'elastic-ip', 'key-pair', 'image',
];

/** How an edge reads after a resource ("uses web-sg, deploy"). */
const RELATION_WORDS: Readonly<Record<Relation, string>> = {
  in: 'in',
  'attached-to': 'attached to',
  'associated-with': 'associated with',
  uses: 'uses',
  'routes-to': 'routes to',
  targets: 'targets',
  'forwards-to': 'forwards to',
  'part-of': 'part of',
};

/** Orders graph nodes for reading: by kind, then name as people count (web-2 before web-10), then id. */
export function compareNodes(left: GraphNode, right: GraphNode): number {
  return KIND_ORDER.indexOf(left.kind) - KIND_ORDER.indexOf(right.kind)
    || compareNatural(left.name ?? '', right.name ?? '')
    || left.id.localeCompare(right.id);
}

/** A node on one line: `vpc-0a1b… (main, 10.0.0.0/16)`. */
export function nodeLine(node: GraphNode): string {
  const facts = [...(node.name !== undefined ? [node.name] : []), ...node.details];
  return facts.length > 0 ? `${shortId(node)} (${facts.join(', ')})` : shortId(node);
}

/**
 * The graph as a tree for a terminal: each resource under what it sits in (VPC → subnet → instance →
 * volume), with its other dependencies after a `·` ("uses web-sg; targets web-1, web-2"). Stable: the
 * same inventory always renders the same text.
 */
export function renderGraphText(graph: ResourceGraph): string {
  if (graph.nodes.length === 0) return '(no resources)';
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const children = new Map<string, GraphNode[]>();
  const roots: GraphNode[] = [];
  for (const node of graph.nodes) {
    if (node.parent && byId.has(node.parent)) children.set(node.parent, [...(children.get(node.parent) ?? []), node]);
    else roots.push(node);
  }
  const outgoing = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge]);

  const lines: string[] = [];
  const visit = (node: GraphNode, prefix: string, branch: string) => {
    const marker = graph.roots.includes(node.id) ? ' ◀' : '';
    lines.push(`${prefix}${branch}${nodeLine(node)}${annotation(node, outgoing.get(node.id) ?? [], byId)}${marker}`);
    const kids = (children.get(node.id) ?? []).sort(compareNodes);
    const childPrefix = prefix + (branch === '' ? '' : branch === '└─ ' ? '   ' : '│  ');
    kids.forEach((child, index) => visit(child, childPrefix, index === kids.length - 1 ? '└─ ' : '├─ '));
  };
  roots.sort(compareNodes).forEach((root) => visit(root, '', ''));
  return lines.join('\n');
}

/** The edges that the nesting does not already show, grouped by relation. */
function annotation(node: GraphNode, edges: readonly GraphEdge[], byId: Map<string, GraphNode>): string {
  const grouped = new Map<Relation, string[]>();
  for (const edge of edges) {
    // The nesting shows the parent, and a route table's details already show where its routes go.
    if (edge.to === node.parent || edge.relation === 'routes-to') continue;
    const target = byId.get(edge.to);
    if (!target) continue;
    grouped.set(edge.relation, [...(grouped.get(edge.relation) ?? []), target.name ?? shortId(target)]);
  }
  if (grouped.size === 0) return '';
  const parts = [...grouped.entries()].map(([relation, names]) => `${RELATION_WORDS[relation]} ${names.sort(compareNatural).join(', ')}`);
  return ` · ${parts.join('; ')}`;
}
