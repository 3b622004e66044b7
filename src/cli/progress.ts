/** One status line on a terminal, rewritten in place; silent when not a TTY. */
export class Progress {
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(text: string): void {
    if (!this.stream.isTTY) return;
    const width = this.stream.columns ?? 80;
    this.stream.write(`\r\x1b[K${text.slice(0, width - 1)}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}
