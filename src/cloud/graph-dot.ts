import type { ResourceKind } from './inventory.js';
import { shortId } from './inventory-query.js';
import type { GraphNode, ResourceGraph } from './graph.js';
import { compareNodes } from './graph-text.js';

/** A Graphviz shape per kind, so a picture reads without its legend. */
const SHAPES: Readonly<Record<ResourceKind, string>> = {
  vpc: 'folder',
  subnet: 'box',
  'internet-gateway': 'house',
  'route-table': 'tab',
  'security-group': 'note',
  'key-pair': 'octagon',
  instance: 'box3d',
  volume: 'cylinder',
  'elastic-ip': 'ellipse',
  'load-balancer': 'hexagon',
  'target-group': 'component',
  listener: 'cds',
  image: 'box',
};

/**
 * The graph in Graphviz DOT: one node per resource (shaped by kind, the asked-about ones bold), one
 * edge per dependency labelled with its relation, and each VPC's resources in a cluster. Paste into
 * `dot -Tsvg`.
 */
export function renderGraphDot(graph: ResourceGraph, title = 'resources'): string {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const vpcOf = (node: GraphNode): string | undefined => {
    const seen = new Set<string>();
    let current: GraphNode | undefined = node;
    while (current && !seen.has(current.id)) {
      if (current.kind === 'vpc') return current.id;
      seen.add(current.id);
      current = current.parent ? byId.get(current.parent) : undefined;
    }
    return undefined;
  };
  const clusters = new Map<string, GraphNode[]>();
  const loose: GraphNode[] = [];
  for (const node of [...graph.nodes].sort(compareNodes)) {
    const vpc = vpcOf(node);
    if (vpc) clusters.set(vpc, [...(clusters.get(vpc) ?? []), node]);
    else loose.push(node);
  }

  const lines = [
    `digraph ${quote(title)} {`,
    '  rankdir=LR;',
    '  node [fontname="Helvetica", fontsize=10, style=filled, fillcolor="#f7f7f7"];',
    '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
  ];
  for (const [vpcId, members] of clusters) {
    const vpc = byId.get(vpcId)!;
    lines.push(`  subgraph ${quote(`cluster_${vpcId}`)} {`, `    label=${quote(vpc.name ? `${vpc.name} (${vpcId})` : vpcId)};`, '    style=rounded;');
    for (const node of members) lines.push(`    ${nodeStatement(node, graph.roots)}`);
    lines.push('  }');
  }
  for (const node of loose) lines.push(`  ${nodeStatement(node, graph.roots)}`);
  for (const edge of graph.edges) lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(edge.relation)}];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

function nodeStatement(node: GraphNode, roots: readonly string[]): string {
  const label = [node.name ?? shortId(node), ...(node.name ? [shortId(node)] : []), ...node.details].join('\n');
  const emphasis = roots.includes(node.id) ? ', penwidth=2.5' : '';
  return `${quote(node.id)} [label=${quote(label)}, shape=${SHAPES[node.kind]}${emphasis}];`;
}

/** A DOT double-quoted string: backslashes and quotes escaped, line breaks as `\n`. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}
