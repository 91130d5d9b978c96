// Output to a reader that may leave early (`mistral-batch validate … | head -1`).

/**
 * A writer that, once the reader has closed the pipe (EPIPE), drops what follows instead of
 * crashing with a stack trace: the command still finishes its work and sets its exit code.
 */
export function pipeWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}
