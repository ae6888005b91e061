/**
 * The text of one block as read from the input, with the input line of every part: a paragraph can
 * be joined from several lines (a page break in the middle of a sentence), and messages name the line.
 */
export class Source {
  private content = "";
  private readonly starts: number[] = [];
  private readonly lines: number[] = [];

  constructor(text: string, line: number) {
    this.append(text, line);
  }

  get text(): string {
    return this.content;
  }

  /** The first line of the block. */
  get line(): number {
    return this.lines[0]!;
  }

  /** Appends the text of a further line, separated by one space. */
  append(text: string, line: number): void {
    if (this.starts.length > 0) this.content += " ";
    this.starts.push(this.content.length);
    this.lines.push(line);
    this.content += text;
  }

  /** The input line of the character at `offset`. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.lines[lo]!;
  }
}
