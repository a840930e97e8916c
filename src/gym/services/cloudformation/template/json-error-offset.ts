/**
 * Finds where a JSON text stops being well formed. Node 20's JSON.parse often says only "is not valid
 * JSON", and CloudFormation's error names the line and column, so this scanner walks the grammar and
 * returns the offset of the first character it cannot accept.
 */
export function jsonErrorOffset(text: string): number {
  const scanner = new JsonScanner(text);
  try {
    scanner.value();
    scanner.space();
    return scanner.offset < text.length ? scanner.offset : text.length;
  } catch (error) {
    if (error instanceof StopAt) return error.offset;
    throw error;
  }
}

class StopAt {
  constructor(readonly offset: number) {}
}

class JsonScanner {
  offset = 0;
  constructor(private readonly text: string) {}

  space(): void {
    while (/\s/.test(this.text[this.offset] ?? '')) this.offset += 1;
  }

  value(): void {
    this.space();
    const character = this.text[this.offset];
    if (character === '{') return this.object();
    if (character === '[') return this.array();
    if (character === '"') return this.string();
    const match = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.offset));
    if (!match) throw new StopAt(this.offset);
    this.offset += match[0].length;
  }

  private object(): void {
    this.offset += 1;
    this.space();
    if (this.text[this.offset] === '}') return void (this.offset += 1);
    for (;;) {
      this.space();
      if (this.text[this.offset] !== '"') throw new StopAt(this.offset);
      this.string();
      this.expect(':');
      this.value();
      this.space();
      if (this.text[this.offset] === '}') return void (this.offset += 1);
      this.expect(',');
    }
  }

  private array(): void {
    this.offset += 1;
    this.space();
    if (this.text[this.offset] === ']') return void (this.offset += 1);
    for (;;) {
      this.value();
      this.space();
      if (this.text[this.offset] === ']') return void (this.offset += 1);
      this.expect(',');
    }
  }

  private string(): void {
    const match = /^"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/.exec(this.text.slice(this.offset));
    if (!match) throw new StopAt(this.offset);
    this.offset += match[0].length;
  }

  private expect(character: string): void {
    this.space();
    if (this.text[this.offset] !== character) throw new StopAt(this.offset);
    this.offset += 1;
  }
}
