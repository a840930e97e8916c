/**
 * A checker for the Graphviz DOT grammar (graph, subgraph, node, edge and attribute statements, quoted
 * and plain ids), for tests on machines without `dot`. Returns the first syntax error, or undefined.
 */
export function dotSyntaxError(source: string): string | undefined {
  let tokens: Token[];
  try {
    tokens = tokenize(source);
  } catch (error) {
    return (error as Error).message;
  }
  try {
    new Parser(tokens).graph();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

interface Token {
  readonly type: 'id' | 'punct' | 'keyword';
  readonly text: string;
  readonly line: number;
}

const KEYWORDS = new Set(['strict', 'graph', 'digraph', 'subgraph', 'node', 'edge']);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  let line = 1;
  while (index < source.length) {
    const rest = source.slice(index);
    const character = source[index]!;
    if (character === '\n') {
      line++;
      index++;
      continue;
    }
    if (/\s/.test(character)) {
      index++;
      continue;
    }
    const comment = /^(\/\/[^\n]*|\/\*[\s\S]*?\*\/|#[^\n]*)/.exec(rest);
    if (comment && (comment[0].startsWith('/') || index === 0 || source[index - 1] === '\n')) {
      line += comment[0].split('\n').length - 1;
      index += comment[0].length;
      continue;
    }
    if (character === '"') {
      let end = index + 1;
      while (end < source.length && source[end] !== '"') end += source[end] === '\\' ? 2 : 1;
      if (end >= source.length) throw new Error(`line ${line}: unterminated string`);
      const text = source.slice(index, end + 1);
      tokens.push({ type: 'id', text, line });
      line += text.split('\n').length - 1;
      index = end + 1;
      continue;
    }
    const punct = /^(->|--|[{}[\];,=:])/.exec(rest);
    if (punct) {
      tokens.push({ type: 'punct', text: punct[0], line });
      index += punct[0].length;
      continue;
    }
    const plain = /^([A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?))/.exec(rest);
    if (plain) {
      const after = source[index + plain[0].length];
      if (after !== undefined && /[A-Za-z_.]/.test(after) && /^-?[.0-9]/.test(plain[0])) throw new Error(`line ${line}: badly delimited number ${plain[0]}${after}`);
      tokens.push({ type: KEYWORDS.has(plain[0].toLowerCase()) ? 'keyword' : 'id', text: plain[0], line });
      index += plain[0].length;
      continue;
    }
    throw new Error(`line ${line}: unexpected character ${JSON.stringify(character)}`);
  }
  return tokens;
}

class Parser {
  private position = 0;
  private edgeOperator = '->';

  constructor(private readonly tokens: readonly Token[]) {}

  graph(): void {
    if (this.peekKeyword('strict')) this.position++;
    const kind = this.expectKeyword('graph', 'digraph');
    this.edgeOperator = kind === 'digraph' ? '->' : '--';
    if (this.peek()?.type === 'id') this.position++;
    this.block();
    if (this.position < this.tokens.length) this.fail('text after the closing brace');
  }

  private block(): void {
    this.expectPunct('{');
    while (!this.peekPunct('}')) {
      if (!this.peek()) this.fail('missing closing brace');
      this.statement();
      if (this.peekPunct(';')) this.position++;
    }
    this.position++;
  }

  private statement(): void {
    const token = this.peek()!;
    if (token.type === 'keyword' && ['graph', 'node', 'edge'].includes(token.text.toLowerCase())) {
      this.position++;
      this.attributeLists(true);
      return;
    }
    if (token.type === 'id' && this.tokens[this.position + 1]?.text === '=') {
      this.position += 2;
      this.expectId();
      return;
    }
    this.operand();
    while (this.peekPunct('->') || this.peekPunct('--')) {
      if (this.peek()!.text !== this.edgeOperator) this.fail(`${this.peek()!.text} in a graph that uses ${this.edgeOperator}`);
      this.position++;
      this.operand();
    }
    if (this.peekPunct('[')) this.attributeLists(false);
  }

  /** A node id (with an optional port) or a subgraph. */
  private operand(): void {
    if (this.peekKeyword('subgraph') || this.peekPunct('{')) {
      if (this.peekKeyword('subgraph')) {
        this.position++;
        if (this.peek()?.type === 'id') this.position++;
      }
      this.block();
      return;
    }
    this.expectId();
    if (this.peekPunct(':')) {
      this.position++;
      this.expectId();
      if (this.peekPunct(':')) {
        this.position++;
        this.expectId();
      }
    }
  }

  private attributeLists(required: boolean): void {
    if (required && !this.peekPunct('[')) this.fail('expected [ after an attribute statement');
    while (this.peekPunct('[')) {
      this.position++;
      while (!this.peekPunct(']')) {
        this.expectId();
        this.expectPunct('=');
        this.expectId();
        if (this.peekPunct(',') || this.peekPunct(';')) this.position++;
      }
      this.position++;
    }
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private peekPunct(text: string): boolean {
    const token = this.peek();
    return token?.type === 'punct' && token.text === text;
  }

  private peekKeyword(text: string): boolean {
    const token = this.peek();
    return token?.type === 'keyword' && token.text.toLowerCase() === text;
  }

  private expectPunct(text: string): void {
    if (!this.peekPunct(text)) this.fail(`expected ${text}`);
    this.position++;
  }

  private expectKeyword(...texts: string[]): string {
    const token = this.peek();
    if (token?.type !== 'keyword' || !texts.includes(token.text.toLowerCase())) this.fail(`expected ${texts.join(' or ')}`);
    this.position++;
    return token!.text.toLowerCase();
  }

  private expectId(): void {
    if (this.peek()?.type !== 'id') this.fail('expected an id');
    this.position++;
  }

  private fail(problem: string): never {
    const token = this.peek();
    throw new Error(token ? `line ${token.line}: ${problem}, found ${JSON.stringify(token.text)}` : `end of input: ${problem}`);
  }
}
