/** Things a request talks about besides resources and actions. */
export type Attribute =
  | 'monitoring' | 'spot' | 'on-demand' | 'public-ip' | 'private-ip' | 'ip' | 'public' | 'private' | 'status'
  | 'graph' | 'instance-type' | 'how-many' | 'behind' | 'share' | 'port' | 'tags' | 'health-check' | 'root-disk'
  | 'bigger' | 'smaller' | 'everything' | 'details' | 'attached' | 'up' | 'down' | 'diagnostics' | 'anywhere' | 'health';

/** Attribute phrases, lowercase. */
export const ATTRIBUTE_PHRASES: Readonly<Record<Attribute, readonly string[]>> = {
  monitoring: [
    'detailed monitoring', 'monitoring', 'monitor', 'metrics', 'detailed metrics', 'cloudwatch', 'cloudwatch monitoring',
    'cloudwatch metrics', 'enhanced monitoring', '1-minute metrics', 'one minute metrics', 'fine grained monitoring', 'telemetry',
  ],
  diagnostics: ['boot diagnostics', 'diagnostics', 'diagnostic', 'boot diagnostic', 'diags', 'diag', 'boot diag', 'boot diags'],
  spot: ['spot', 'spot market', 'spot pricing', 'spot capacity', 'preemptible', 'spot instance pricing'],
  'on-demand': ['on-demand', 'on demand', 'ondemand', 'standard', 'regular', 'normal', 'non-spot', 'full price', 'full-price'],
  'public-ip': [
    'public ip', 'public ips', 'public ip address', 'public ip addresses', 'public address', 'public addresses', 'public ipv4',
    'external ip', 'external ips', 'external ip address', 'external address', 'public dns', 'public ipv4 address',
  ],
  'private-ip': [
    'private ip', 'private ips', 'private ip address', 'private ip addresses', 'private address', 'private addresses',
    'internal ip', 'internal ips', 'internal ip address', 'internal address', 'internal addresses', 'private ipv4',
  ],
  ip: ['ip', 'ips', 'ip address', 'ip addresses', 'address', 'addresses', 'ipv4', 'ip addr', 'addr'],
  public: ['public', 'internet-facing', 'internet facing', 'publicly accessible', 'internet accessible', 'reachable from the internet', 'publicly reachable', 'publicly'],
  private: ['private', 'internal', 'no public ip', 'without a public ip', 'without public ip', 'not public', 'private only', 'isolated'],
  status: ['status', 'state', 'states', 'statuses', 'power state', 'condition', 'doing', 'health status', 'alive', 'dead', 'online', 'offline'],
  health: ['health', 'healthy', 'unhealthy', 'target health', 'healthiness'],
  graph: [
    'dependency graph', 'dependencies', 'dependency', 'depends on', 'depend on', 'depends', 'depend', 'graph', 'topology',
    'diagram', 'dependency tree', 'relationships', 'resource graph', 'map', 'architecture', 'connected to', 'wiring', 'dependants',
    'dependents', 'relies on', 'rely on', 'relationship',
  ],
  'instance-type': ['instance type', 'machine type', 'vm size', 'instance size', 'type', 'size', 'flavor', 'flavour', 'instance family', 'how big', 'sized'],
  'how-many': ['how many', 'number of', 'count of', 'count', 'total number of', 'total', 'tally'],
  behind: ['behind', 'in front of', 'members', 'member', 'registered', 'targets', 'backends', 'backend', 'pool', 'serving', 'serve', 'serves', 'registered with',
    'send traffic to', 'sends traffic to', 'route traffic to', 'routes traffic to', 'forward to', 'forwards to', 'forwards traffic to', 'balance across', 'balances across'],
  share: [
    'same network', 'same vpc', 'same subnet', 'share', 'shares', 'sharing', 'shared', 'neighbors', 'neighbours', 'alongside',
    'peers', 'what else', 'together with', 'same virtual network', 'colocated', 'co-located',
  ],
  port: ['port', 'ports', 'rule', 'rules', 'ingress', 'inbound', 'access', 'traffic', 'firewall rule', 'firewall rules', 'connections', 'inbound rule', 'inbound rules'],
  tags: ['tags', 'labels', 'tagged', 'labeled', 'labelled'],
  'health-check': ['health check', 'healthcheck', 'health-check', 'health checks', 'health check path', 'health endpoint', 'health path', 'health checking', 'checking'],
  'root-disk': ['root volume', 'root disk', 'boot disk', 'boot volume', 'os disk', 'root device', 'root drive'],
  bigger: ['bigger', 'larger', 'beefier', 'faster', 'stronger', 'more powerful', 'more cpu', 'more memory', 'more ram', 'next size up', 'more horsepower', 'more capacity'],
  smaller: ['smaller', 'cheaper', 'less powerful', 'next size down', 'less memory', 'fewer cpus'],
  everything: [
    'everything', 'all resources', 'all my resources', 'the whole thing', 'whole infrastructure', 'entire infrastructure',
    'all of it', 'my infrastructure', 'my infra', 'the infrastructure', 'infrastructure', 'infra', 'my cloud', 'the cloud',
    'my account', 'my setup', 'my stack', 'whole setup', 'my environment', 'whole account', 'entire account', 'the whole setup',
    'all of my resources', 'every resource', 'all the resources', 'my whole infra', 'the entire setup', 'entire setup',
  ],
  details: ['details', 'detail', 'info', 'information', 'description', 'configuration', 'config', 'overview', 'summary', 'specs', 'properties', 'attributes'],
  attached: ['attached', 'mounted', 'connected', 'attached to', 'mounted on', 'plugged into'],
  up: ['up', 'up and running'],
  down: ['down'],
  anywhere: ['anywhere', 'the world', 'the whole world', 'everywhere', 'everyone', 'everybody', 'the internet', 'all ips', 'any ip', 'all addresses', 'any address', 'the entire internet', 'internet', 'world'],
};

/** Instance states people filter by ("how many instances are running"). */
export const STATE_WORDS: ReadonlyMap<string, string> = new Map([
  ['running', 'running'], ['stopped', 'stopped'], ['pending', 'pending'], ['terminated', 'terminated'], ['stopping', 'stopping'],
  ['started', 'running'], ['powered off', 'stopped'], ['powered on', 'running'], ['turned off', 'stopped'],
]);
