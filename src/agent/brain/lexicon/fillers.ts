/**
 * Politeness and padding that carry no meaning for the request, longest first. Removed before parsing,
 * so "could you please spin up a VM for me" reads as "spin up a VM".
 */
export const FILLER_PHRASES: readonly string[] = [
  'i would really appreciate it if you could', 'i would appreciate it if you could', 'would you be so kind as to',
  'would you mind', 'would you please', 'could you please', 'can you please', 'will you please', 'would you kindly',
  'i would like you to', 'i want you to', 'i need you to', 'i would love it if you could', 'i would love it if you',
  'could you', 'can you', 'would you', 'will you', 'could we', 'can we', 'we should', 'i think we should', 'we need to', 'we want to',
  'i would like to', 'i wanna', 'i want to', 'i need to', 'i have to', 'we have to', 'we must', 'i must', 'you should',
  'go ahead and', 'be a dear and', 'help me', 'let us', 'lets', 'let me', 'please', 'pls', 'plz', 'kindly', 'thank you', 'thanks',
  'thx', 'ty', 'cheers', 'for me', 'for us', 'real quick', 'quickly', 'right now', 'now', 'asap', 'if possible', 'if you can',
  'if you could', 'when you can', 'hey cirro', 'hi cirro', 'hello cirro', 'cirro', 'hey', 'hi', 'hello', 'ok so', 'okay so', 'ok',
  'okay', 'so', 'yo', 'um', 'uh', 'erm', 'hmm', 'just', 'also', 'actually', 'basically', 'maybe', 'perhaps', 'kinda', 'sort of',
  'i guess', 'i think', 'for now', 'again', 'immediately', 'straight away', 'at once', 'go', 'gonna', 'going to', 'i am',
];

/** Ordinary English words: never typo-corrected into a keyword and never taken for a resource name. */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the this that these those it its them they their there here my our your me us we i you he she him her his ' +
    'and or but nor then than also plus too either neither both each every all any some no not none only just ' +
    'in into inside within on onto off to from at by of for with without using via under over behind front across ' +
    'between through thru up down out about around like as per so if else when while where what which who whom whose why how ' +
    'is are was were be been being am do does did done doing have has had having can could would should will shall may might must ' +
    'new old more less most least other another same different extra additional existing current main default own ' +
    'first second third last next previous one big little tiny huge fast slow good bad better best right wrong ' +
    'please thanks ok yes yeah yep nope sure now today tomorrow soon later again once twice always never ' +
    'something anything everything nothing someone anyone everyone stuff thing things way ways kind sort type types size sizes ' +
    'called named name names call id ids arn number count total amount status state states running stopped pending terminated ' +
    'stopping healthy unhealthy online offline alive dead up down public private internal external address addresses ip ips ' +
    'ipv4 ipv6 dns port ports rule rules traffic access tag tags label labels key value values monitoring detailed diagnostics ' +
    'metrics boot root spot demand on-demand standard regular normal reserved price cheap cheaper cheapest expensive ' +
    'graph dependency dependencies depends depend topology diagram tree map format attached attach members member targets target ' +
    'health check path listener listeners group groups pair pairs zone zones region regions availability image images ami os ' +
    'linux distro version operating system sandwich coffee pizza weather joke time meaning life world internet anywhere everywhere ' +
    'office home team env environment prod production dev development staging test testing qa app application database db ' +
    'frontend backend api web cluster service services website site same network share shares shared sharing neighbors neighbours ' +
    'well really very quite much many lots bit lot least enough still already yet even though although because since until ' +
    'sure fine good great nice cool awesome thing stuff guys folks man dude buddy friend know need want like love hate ' +
    'make made give gave get got put take took set use used run ran keep kept let help show tell ask say said see saw find found ' +
    'happen happens happened going gone come came back forward around away together apart instead rather ' +
    'stuck broken slow fast hung frozen idle busy old unused spare leftover temporary temp test tests'
  ).split(' '),
);
