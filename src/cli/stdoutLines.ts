import { once } from 'node:events';

/** Writes a line to stdout, waiting when the reader is slower than we are (a pipe to `head`, a file on a slow disk). */
export async function writeStdoutLine(line: string): Promise<void> {
  if (!process.stdout.write(`${line}\n`)) await once(process.stdout, 'drain');
}
