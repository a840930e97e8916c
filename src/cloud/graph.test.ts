import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { graphOf, renderGraphJson } from './graph.js';
import { renderGraphDot } from './graph-dot.js';
import { renderGraphText } from './graph-text.js';
import { SAMPLE_IDS as ids, sampleInventory } from './testing/sample-inventory.js';
import { dotSyntaxError } from './testing/dot-syntax.js';

const inventory = sampleInventory();

/** True when Graphviz's `dot` is on this machine. */
function dotAvailable(): boolean {
  return spawnSync('dot', ['-V'], { encoding: 'utf8' }).status === 0;
}

describe('graphOf', () => {
  it('draws every dependency the inventory shows, pointing from the dependent to what it needs', () => {
    const graph = graphOf(inventory);
    const has = (from: string, to: string, relation: string) => graph.edges.some((edge) => edge.from === from && edge.to === to && edge.relation === relation);
    assert.ok(has(ids.web1, ids.publicA, 'in'), 'instance → subnet');
    assert.ok(has(ids.publicA, ids.vpc, 'in'), 'subnet → vpc');
    assert.ok(has(ids.web1, ids.webSg, 'uses'), 'instance → security group');
    assert.ok(has(ids.apiData, ids.api1, 'attached-to'), 'volume → instance');
    assert.ok(has(ids.apiIp, ids.api1, 'associated-with'), 'elastic ip → instance');
    assert.ok(has(ids.targetGroup, ids.web2, 'targets'), 'target group → instance');
    assert.ok(has(ids.listener, ids.loadBalancer, 'part-of'), 'listener → load balancer');
    assert.ok(has(ids.listener, ids.targetGroup, 'forwards-to'), 'listener → target group');
    assert.ok(has(ids.loadBalancer, ids.publicB, 'in'), 'load balancer → subnet');
    assert.ok(has(ids.loadBalancer, ids.lbSg, 'uses'), 'load balancer → security group');
    assert.ok(has(ids.publicRouteTable, ids.publicA, 'associated-with'), 'route table → subnet');
    assert.ok(has(ids.publicRouteTable, ids.igw, 'routes-to'), 'route table → internet gateway');
    assert.ok(has(ids.igw, ids.vpc, 'attached-to'), 'internet gateway → vpc');
  });

  it('leaves terminated instances out', () => {
    assert.equal(graphOf(inventory).nodes.some((node) => node.id === ids.old1), false);
  });

  it('takes a resource with what it depends on and what depends on it, and nothing unrelated', () => {
    const graph = graphOf(inventory, [ids.api1]);
    const nodeIds = new Set(graph.nodes.map((node) => node.id));
    for (const expected of [ids.api1, ids.publicA, ids.vpc, ids.webSg, ids.keyPair, ids.apiData, ids.api1Root, ids.apiIp, ids.targetGroup, ids.listener, ids.loadBalancer]) {
      assert.ok(nodeIds.has(expected), `${expected} belongs to api-1's graph`);
    }
    for (const unrelated of [ids.web1, ids.web2, ids.db1, ids.logs, ids.defaultVpc]) assert.equal(nodeIds.has(unrelated), false, `${unrelated} does not`);
    assert.deepEqual(graph.roots, [ids.api1]);
  });

  it('takes a VPC with everything in it', () => {
    const nodeIds = new Set(graphOf(inventory, [ids.vpc]).nodes.map((node) => node.id));
    for (const expected of [ids.web1, ids.web2, ids.web3, ids.db1, ids.apiData, ids.loadBalancer, ids.listener, ids.igw, ids.publicRouteTable]) assert.ok(nodeIds.has(expected), expected);
    assert.equal(nodeIds.has(ids.defaultSubnetA), false);
  });
});

describe('graph renderers', () => {
  it('renders a stable text tree, nested VPC → subnet → instance → volume, with other links after a dot', () => {
    const text = renderGraphText(graphOf(inventory, [ids.api1]));
    assert.equal(text, [
      'vpc-0a1b2c3d4e5f60001 (main, 10.0.0.0/16)',
      '├─ subnet-0a1b2c3d4e5f6000a (public-a, 10.0.1.0/24, us-east-1a, public IPs on launch)',
      '│  └─ i-0a1b2c3d4e5f60004 (api-1, running, t3.small, 10.0.1.20, public 3.80.0.1) · uses deploy, web-sg ◀',
      '│     ├─ vol-0a1b2c3d4e5f60004 (8 GiB gp3, /dev/xvda)',
      '│     ├─ vol-0a1b2c3d4e5f60010 (api-data, 100 GiB gp3, /dev/sdf)',
      '│     └─ eipalloc-0a1b2c3d4e5f60001 (api-ip, 3.80.0.1)',
      '├─ subnet-0a1b2c3d4e5f6000b (public-b, 10.0.2.0/24, us-east-1b, public IPs on launch)',
      '├─ sg-0a1b2c3d4e5f60002 (lb-sg, in tcp/80 from 0.0.0.0/0)',
      '├─ sg-0a1b2c3d4e5f60001 (web-sg, in tcp/80 from 0.0.0.0/0, in tcp/443 from 0.0.0.0/0)',
      '└─ app/shop-lb/50dc6c495c0c9188 (shop-lb, application, internet-facing, active) · in public-a, public-b; uses lb-sg',
      '   ├─ app/shop-lb/50dc6c495c0c9188/f2f7dc8efc522ab2 (HTTP:80) · forwards to shop-tg',
      '   └─ shop-tg/73e2d6bc24d8a067 (shop-tg, HTTP:80, 2/3 healthy, checks /health) · in main; targets api-1',
      'key-0a1b2c3d4e5f60001 (deploy, ed25519)',
    ].join('\n'));
  });

  it('renders the same text whatever order the inventory lists things in', () => {
    const shuffled = sampleInventory({ instances: [...inventory.instances].reverse(), subnets: [...inventory.subnets].reverse(), volumes: [...inventory.volumes].reverse() });
    assert.equal(renderGraphText(graphOf(shuffled)), renderGraphText(graphOf(inventory)));
  });

  it('lists unattached resources and key pairs at the top level', () => {
    const lines = renderGraphText(graphOf(inventory)).split('\n');
    assert.ok(lines.includes('vol-0a1b2c3d4e5f60011 (logs, 50 GiB gp3, available)'));
    assert.ok(lines.includes('vpc-0d0000000000000d1 (172.31.0.0/16, default)'));
  });

  it('renders JSON with nodes and edges that refer to each other', () => {
    const parsed = JSON.parse(renderGraphJson(graphOf(inventory))) as { nodes: { id: string; kind: string }[]; edges: { from: string; to: string; relation: string }[] };
    const nodeIds = new Set(parsed.nodes.map((node) => node.id));
    assert.ok(parsed.edges.length > 20);
    for (const edge of parsed.edges) assert.ok(nodeIds.has(edge.from) && nodeIds.has(edge.to), `${edge.from} → ${edge.to}`);
    assert.equal(parsed.nodes.find((node) => node.id === ids.loadBalancer)?.kind, 'load-balancer');
  });

  it('renders DOT that Graphviz parses, with one node per resource and one edge per dependency', (context: TestContext) => {
    const graph = graphOf(inventory);
    const dot = renderGraphDot(graph);
    assert.equal(dotSyntaxError(dot), undefined);
    assert.equal((dot.match(/ -> /g) ?? []).length, graph.edges.length);
    assert.match(dot, /subgraph "cluster_vpc-0a1b2c3d4e5f60001" \{/);
    if (!dotAvailable()) {
      context.diagnostic('Graphviz dot not found: checked with the built-in DOT grammar only (apt-get install graphviz to check with dot)');
      return;
    }
    const parsed = spawnSync('dot', ['-Tcanon'], { input: dot, encoding: 'utf8' });
    assert.equal(parsed.status, 0, parsed.stderr);
    assert.equal(parsed.stderr, '');
  });

  it('escapes quotes and backslashes in names so DOT stays valid', () => {
    const tricky = sampleInventory({
      instances: [{ ...inventory.instances[0]!, name: 'say "hi" \\ bye', tags: { Name: 'say "hi" \\ bye' } }],
    });
    const dot = renderGraphDot(graphOf(tricky));
    assert.equal(dotSyntaxError(dot), undefined);
    assert.ok(dot.includes('say \\"hi\\" \\\\ bye'));
    if (dotAvailable()) assert.equal(spawnSync('dot', ['-Tcanon'], { input: dot, encoding: 'utf8' }).status, 0);
  });

  it('has a DOT checker that catches broken DOT (so the checks above can fail)', () => {
    assert.match(dotSyntaxError('digraph g { "a" -> ; }') ?? '', /expected an id/);
    assert.match(dotSyntaxError('digraph g { "a" -> "b"') ?? '', /missing closing brace|end of input/);
    assert.match(dotSyntaxError('digraph g { a [label="x] }') ?? '', /unterminated string/);
    assert.match(dotSyntaxError('digraph g { a -- b }') ?? '', /-- in a graph that uses ->/);
    assert.match(dotSyntaxError('digraph g { 10.0.0.0 }') ?? '', /badly delimited number/);
  });
});
