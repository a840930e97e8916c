import { graphOf, renderGraphJson } from '../cloud/graph.js';
import { renderGraphDot } from '../cloud/graph-dot.js';
import { renderGraphText } from '../cloud/graph-text.js';
import type { Inventory } from '../cloud/inventory.js';
import type { Answer } from './answer.js';

/** The dependency graph of some resources (or of everything) as a text tree, DOT or JSON. */
export function renderGraphAnswer(inventory: Inventory, format: 'text' | 'dot' | 'json', rootIds: readonly string[] | undefined): Answer {
  const graph = graphOf(inventory, rootIds);
  const text = format === 'dot' ? renderGraphDot(graph) : format === 'json' ? renderGraphJson(graph) : renderGraphText(graph);
  return { text, data: { nodes: graph.nodes, edges: graph.edges } };
}
