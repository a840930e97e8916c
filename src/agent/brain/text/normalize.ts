const CONTRACTIONS: readonly (readonly [RegExp, string])[] = [
  [/\bwhat'?s\b/gi, 'what is'], [/\bwhere'?s\b/gi, 'where is'], [/\bhow'?s\b/gi, 'how is'], [/\bwho'?s\b/gi, 'who is'],
  [/\bthat's\b/gi, 'that is'], [/\bthere's\b/gi, 'there is'], [/\bhere's\b/gi, 'here is'], [/\bit's\b/gi, 'it is'],
  [/\blet's\b/gi, 'let us'], [/\bi'd\b/gi, 'i would'], [/\bwe'd\b/gi, 'we would'], [/\byou'd\b/gi, 'you would'],
  [/\bi'm\b/gi, 'i am'], [/\bi've\b/gi, 'i have'], [/\bi'll\b/gi, 'i will'], [/\bwe'll\b/gi, 'we will'], [/\bwe're\b/gi, 'we are'],
  [/\bthey're\b/gi, 'they are'], [/\bcan'?t\b/gi, 'cannot'], [/\bwon'?t\b/gi, 'will not'], [/\bdon'?t\b/gi, 'do not'],
  [/\bdoesn'?t\b/gi, 'does not'], [/\bdidn'?t\b/gi, 'did not'], [/\bisn'?t\b/gi, 'is not'], [/\baren'?t\b/gi, 'are not'],
  [/\bshouldn'?t\b/gi, 'should not'], [/\bwouldn'?t\b/gi, 'would not'], [/\bhasn'?t\b/gi, 'has not'], [/\bhaven'?t\b/gi, 'have not'],
  [/\bwanna\b/gi, 'want to'], [/\bgotta\b/gi, 'have to'], [/\bgimme\b/gi, 'give me'], [/\bw\/o\b/gi, 'without'], [/\bw\//gi, 'with '],
];

/**
 * Rewrites what people type into one spelling: straight quotes, expanded contractions, possessives
 * dropped ("web-1's disks" → "web-1 disks"), symbols spelled out. Case is kept: names are case-sensitive.
 */
export function normalizeText(request: string): string {
  let text = request
    .replace(/[\u2018\u2019\u201A\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
    .replace(/[\u2013\u2014]/g, ' - ')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .trim();
  for (const [pattern, replacement] of CONTRACTIONS) text = text.replace(pattern, replacement);
  return text
    .replace(/([A-Za-z0-9\])}])'s\b/g, '$1')
    .replace(/([A-Za-z0-9])s'(?=\s|$)/g, '$1s')
    .replace(/\s&\s/g, ' and ')
    .replace(/\s\+\s/g, ' and ')
    .replace(/\s(->|=>|→)\s/g, ' to ');
}
