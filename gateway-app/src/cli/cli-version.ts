import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The app package's version (the same file from src/ under tsx and from dist/). */
export function cliVersion(): string {
  const file = path.resolve(__dirname, '..', '..', 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
