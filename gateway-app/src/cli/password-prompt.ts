/**
 * Asks for a password on the terminal without echoing it (the prompt goes to stderr; stdout stays JSON).
 * Backspace edits, Enter ends, Ctrl-C or Ctrl-D without input abandons.
 */
export function promptPassword(prompt: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || (char === '\u0004' && typed === ''))
          return finish(new Error('no password given: the prompt was abandoned'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed += char;
      }
    };
    // Echo goes off before the prompt shows, so nothing typed in answer to it is ever echoed.
    input.setRawMode(true);
    input.on('data', onData);
    input.resume();
    process.stderr.write(prompt);
  });
}
