/**
 * What a verb (or verb phrase) asks for, before the rest of the sentence refines it. `light` verbs
 * (make, add, set, turn, switch, move, change, give, get, remove, put, take, run, use, need …) mean
 * nothing alone: their object decides ("make three VMs" creates, "make web-1 spot" converts).
 */
export type VerbCategory =
  | 'create' | 'start' | 'stop' | 'reboot' | 'destroy' | 'resize' | 'attach' | 'detach'
  | 'enable' | 'disable' | 'tag' | 'untag' | 'rename' | 'open' | 'close' | 'convert'
  | 'put' | 'take-out' | 'allocate' | 'release' | 'update' | 'light' | 'query';

/** Verb phrases, lowercase, words separated by one space. Longer phrases win over their prefixes. */
export const VERB_PHRASES: readonly (readonly [string, VerbCategory])[] = [
  // create
  ...words('create', 'launch launches launching create creating provision deploy spin spinup instantiate spawn build establish order'),
  ['spin up', 'create'], ['stand up', 'create'], ['set up', 'create'], ['setup', 'create'], ['get me', 'create'],
  ['roll out', 'create'], ['put up', 'create'], ['bring online', 'start'],
  // power
  ...words('start', 'start boot resume unpause wake'),
  ['power on', 'start'], ['switch on', 'start'], ['turn on', 'start'], ['wake up', 'start'], ['bring back', 'start'],
  ['start up', 'start'], ['fire up', 'start'], ['boot up', 'start'], ['power up', 'start'], ['bring up', 'start'], ['start back up', 'start'],
  ...words('stop', 'stop halt shutdown pause suspend'),
  ['shut down', 'stop'], ['shut off', 'stop'], ['power off', 'stop'], ['power down', 'stop'], ['turn off', 'stop'],
  ['switch off', 'stop'], ['bring down', 'stop'], ['take down', 'stop'], ['take offline', 'stop'],
  ...words('reboot', 'reboot restart bounce reset cycle kick'),
  ['power cycle', 'reboot'], ['power-cycle', 'reboot'], ['kick over', 'reboot'],
  ...words('destroy', 'terminate destroy delete kill nuke drop decommission trash deprovision wipe erase scrap axe purge'),
  ['tear down', 'destroy'], ['teardown', 'destroy'], ['get rid of', 'destroy'], ['dispose of', 'destroy'], ['blow away', 'destroy'],
  ['clean up', 'destroy'], ['throw away', 'destroy'],
  // shape and size
  ...words('resize', 'resize upgrade downgrade upsize downsize enlarge bump grow shrink scale'),
  ['scale up', 'resize'], ['scale down', 'resize'], ['beef up', 'resize'], ['size up', 'resize'], ['size down', 'resize'],
  ...words('convert', 'convert migrate flip'),
  ['switch over', 'convert'],
  // disks
  ...words('attach', 'attach mount plug associate connect'),
  ['plug in', 'attach'], ['hook up', 'attach'],
  ...words('detach', 'detach unmount unplug disconnect'),
  // settings
  ...words('enable', 'enable activate'),
  ...words('disable', 'disable deactivate'),
  ...words('tag', 'tag label mark'),
  ...words('untag', 'untag unlabel'),
  ...words('rename', 'rename'),
  // ports
  ...words('open', 'open allow expose permit unblock whitelist authorize authorise accept'),
  ['let in', 'open'], ['let through', 'open'], ['open up', 'open'],
  ...words('close', 'close block revoke deny disallow blacklist forbid'),
  ['lock down', 'close'],
  // load balancers
  ...words('put', 'register enroll enrol place include'),
  ...words('take-out', 'deregister unregister drain exclude'),
  ['take out', 'take-out'], ['pull out', 'take-out'], ['load balance', 'put'], ['front', 'put'],
  // addresses
  ...words('allocate', 'allocate reserve assign'),
  ...words('release', 'release deallocate'),
  ['give back', 'release'],
  // generic change
  ...words('update', 'update modify edit reconfigure configure adjust tweak alter'),
  // light verbs: the object decides
  ...words('light', 'make add set turn switch move change give get remove put take run use need want shut name call keep swap let bring pull hook power'),
  ['would like', 'light'], ['put back', 'light'],
  // questions
  ...words('query', 'show list describe display print tell check find fetch view see inspect report dump count know wonder draw render plot visualize visualise lookup explain'),
  ['look up', 'query'], ['look at', 'query'], ['find out', 'query'], ['give me', 'light'],
];

/** Things people ask for that the intents do not cover yet: named in the answer, never misread as something else. */
export const UNSUPPORTED_VERBS: readonly string[] = [
  'clone', 'copy', 'duplicate', 'snapshot', 'backup', 'restore', 'replicate', 'install', 'patch',
  'autoscale', 'schedule', 'scale out', 'scale in', 'upload', 'download', 'encrypt', 'decrypt', 'peer', 'rotate',
];

/** Words that open a question when they start the request. */
export const QUESTION_OPENERS: ReadonlySet<string> = new Set([
  'what', 'which', 'how', 'where', 'who', 'when', 'why', 'whats', 'is', 'are', 'was', 'were', 'does', 'did', 'has', 'have', 'do', 'any',
]);

/** Question words that make a question wherever they stand before the first change verb. */
export const WH_WORDS: ReadonlySet<string> = new Set(['what', 'which', 'how', 'where', 'who', 'whats']);

/** Phrases that make what follows hypothetical ("what happens if I stop web-1"): never a change. */
export const HYPOTHETICAL_PHRASES: readonly string[] = [
  'what happens if i', 'what happens if we', 'what happens if', 'what would happen if i', 'what would happen if', 'what if i', 'what if we', 'what if',
  'how do i', 'how do we', 'how can i', 'how can we', 'how would i', 'how to', 'should i', 'should we', 'can i', 'could i', 'is it safe to',
  'is it possible to', 'would it be possible to', 'is there a way to', 'do i need to', 'is it ok to', 'is it okay to',
];

/** Phrases that negate the request ("don't stop web-1"). */
export const NEGATIONS: readonly string[] = ['do not', 'dont', 'never', 'no need to', 'not', 'avoid'];

function words(category: VerbCategory, list: string): (readonly [string, VerbCategory])[] {
  return list.split(' ').map((word) => [word, category] as const);
}
