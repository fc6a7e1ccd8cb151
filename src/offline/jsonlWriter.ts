import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** Appends JSON lines to a file in ~64 KiB chunks, waiting for the disk when the stream asks (backpressure). */
export class JsonlWriter {
  private readonly stream: WriteStream;
  private buffer: string[] = [];
  private buffered = 0;
  lines = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }

  write(value: unknown): Promise<void> {
    return this.writeLine(JSON.stringify(value));
  }

  /** An already-serialized line (without the newline). */
  async writeLine(text: string): Promise<void> {
    const line = `${text}\n`;
    this.buffer.push(line);
    this.buffered += line.length;
    this.lines += 1;
    if (this.buffered >= 65_536) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
