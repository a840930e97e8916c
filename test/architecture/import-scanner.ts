/** One module specifier a source file depends on, and where it says so. */
export interface ImportReference {
  readonly specifier: string;
  /** 1-based line of the specifier. */
  readonly line: number;
  readonly kind: 'import' | 'export-from' | 'side-effect' | 'dynamic';
  /** `import type …` / `export type … from`: erased at compile time, still a design dependency. */
  readonly typeOnly: boolean;
}

type Token =
  | { readonly type: 'word'; readonly text: string; readonly line: number }
  | { readonly type: 'string'; readonly text: string; readonly line: number }
  | { readonly type: 'punct'; readonly text: string; readonly line: number };

/**
 * Every import in a TypeScript/JavaScript source: static `import … from`, `import '…'`,
 * `export … from` and `import('…')` with a literal specifier. A small lexer, not regular expressions
 * over raw text, so imports quoted in comments, strings and templates are not mistaken for real ones
 * and regular expression literals (`/["']/`) do not derail it.
 */
export function scanImports(source: string): ImportReference[] {
  const tokens = tokenize(source);
  const found: ImportReference[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.type !== 'word' || (token.text !== 'import' && token.text !== 'export')) continue;
    const previous = tokens[index - 1];
    if (previous?.type === 'punct' && previous.text === '.') continue; // `something.import`
    const next = tokens[index + 1];
    if (token.text === 'import' && next?.type === 'punct' && next.text === '(') {
      const specifier = tokens[index + 2];
      const close = tokens[index + 3];
      if (specifier?.type === 'string' && close?.type === 'punct' && (close.text === ')' || close.text === ',')) {
        found.push({ specifier: specifier.text, line: specifier.line, kind: 'dynamic', typeOnly: false });
      }
      continue;
    }
    if (token.text === 'import' && next?.type === 'string') {
      found.push({ specifier: next.text, line: next.line, kind: 'side-effect', typeOnly: false });
      continue;
    }
    const from = findFrom(tokens, index + 1);
    if (!from) continue;
    const typeOnly = next?.type === 'word' && next.text === 'type' && !(tokens[index + 2]?.type === 'word' && tokens[index + 2]!.text === 'from');
    found.push({ specifier: from.text, line: from.line, kind: token.text === 'import' ? 'import' : 'export-from', typeOnly });
  }
  return found;
}

/** The specifier of `… from '…'` after an import/export keyword, if this statement has one. */
function findFrom(tokens: readonly Token[], start: number): Token | undefined {
  for (let index = start; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.type === 'word' && token.text === 'from') {
      const specifier = tokens[index + 1];
      return specifier?.type === 'string' ? specifier : undefined;
    }
    // An import clause holds names, braces, commas, `*`, `as` and `type`; anything else ends it.
    if (token.type === 'string') return undefined;
    if (token.type === 'word' && (token.text === 'import' || token.text === 'export')) return undefined;
    if (token.type === 'punct' && !['{', '}', ',', '*'].includes(token.text)) return undefined;
  }
  return undefined;
}

/** Punctuation after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  // A stack of open template literals: each entry counts the braces open inside its current `${`.
  const templates: number[] = [];
  let line = 1;
  let index = 0;
  const length = source.length;

  const regexAllowed = (): boolean => {
    const last = tokens[tokens.length - 1];
    if (!last) return true;
    if (last.type === 'string') return false;
    if (last.type === 'word') return REGEX_AFTER_WORDS.has(last.text);
    return last.text !== ')' && last.text !== ']' && last.text !== '}';
  };

  /** Skips template text from `index` up to its closing backtick or a `${`; returns true on `${`. */
  const templateText = (): boolean => {
    while (index < length) {
      const character = source[index]!;
      if (character === '\\') {
        index += 2;
        continue;
      }
      if (character === '\n') line++;
      if (character === '`') {
        index++;
        return false;
      }
      if (character === '$' && source[index + 1] === '{') {
        index += 2;
        return true;
      }
      index++;
    }
    return false;
  };

  while (index < length) {
    const character = source[index]!;
    if (character === '\n') {
      line++;
      index++;
    } else if (/\s/.test(character)) {
      index++;
    } else if (character === '/' && source[index + 1] === '/') {
      while (index < length && source[index] !== '\n') index++;
    } else if (character === '/' && source[index + 1] === '*') {
      const end = source.indexOf('*/', index + 2);
      const stop = end === -1 ? length : end + 2;
      for (let position = index; position < stop; position++) if (source[position] === '\n') line++;
      index = stop;
    } else if (character === '"' || character === "'") {
      const startLine = line;
      let text = '';
      index++;
      while (index < length && source[index] !== character && source[index] !== '\n') {
        if (source[index] === '\\') {
          text += source[index + 1] ?? '';
          index += 2;
        } else {
          text += source[index]!;
          index++;
        }
      }
      index++;
      tokens.push({ type: 'string', text, line: startLine });
    } else if (character === '`') {
      index++;
      if (templateText()) templates.push(0);
      // A template is one value, like a string whose text we do not need.
      else tokens.push({ type: 'string', text: '', line });
    } else if (character === '/' && regexAllowed()) {
      let inClass = false;
      index++;
      while (index < length && source[index] !== '\n') {
        const current = source[index]!;
        if (current === '\\') index++;
        else if (current === '[') inClass = true;
        else if (current === ']') inClass = false;
        else if (current === '/' && !inClass) break;
        index++;
      }
      index++;
      while (index < length && /[a-z]/i.test(source[index]!)) index++;
      tokens.push({ type: 'string', text: '', line });
    } else if (/[A-Za-z_$0-9]/.test(character)) {
      const start = index;
      while (index < length && /[A-Za-z_$0-9]/.test(source[index]!)) index++;
      tokens.push({ type: 'word', text: source.slice(start, index), line });
    } else {
      index++;
      if (templates.length > 0 && character === '{') templates[templates.length - 1]!++;
      if (templates.length > 0 && character === '}') {
        if (templates[templates.length - 1] === 0) {
          templates.pop();
          // Back in the template's text: it may open another `${` or close.
          if (templateText()) templates.push(0);
          else tokens.push({ type: 'string', text: '', line });
          continue;
        }
        templates[templates.length - 1]!--;
      }
      tokens.push({ type: 'punct', text: character, line });
    }
  }
  return tokens;
}
