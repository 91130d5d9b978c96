// The server's JSON-RPC reader for stream transports (stdio, sockets, pipes): `Content-Length`
// framed messages, as vscode-jsonrpc's reader reads them. That reader keeps every chunk of a message
// and joins them once the last one is in; for a 50 MB didOpen that join cost about a sixth of
// reading the message. Here a message's body goes into one buffer of its announced size as chunks
// arrive, is decoded once (so a character split across chunks is whole), and parsed once.
import { Readable } from 'node:stream';
import { AbstractMessageReader, DataCallback, Disposable, Message, MessageReader } from 'vscode-languageserver/node';

const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');

export class FramedMessageReader extends AbstractMessageReader implements MessageReader {
  private callback: DataCallback | undefined;
  /** Header bytes of a message whose header ran past the end of a chunk. */
  private pendingHeader: Buffer | undefined;
  /** The body being filled, and how much of it is. */
  private body: Buffer | undefined;
  private filled = 0;

  constructor(private readonly readable: Readable) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer | string) => this.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('close', onClose);
    return Disposable.create(() => {
      this.readable.off('data', onData);
      this.readable.off('error', onError);
      this.readable.off('close', onClose);
    });
  }

  /** Reads what `chunk` holds: the rest of a body, headers, whole messages, the start of the next. */
  private push(chunk: Buffer): void {
    if (this.pendingHeader) {
      // Rare (a header split between chunks) and headers are short: joining is cheap.
      chunk = Buffer.concat([this.pendingHeader, chunk]);
      this.pendingHeader = undefined;
    }
    let at = 0;
    while (at < chunk.length) {
      if (this.body) {
        const n = Math.min(this.body.length - this.filled, chunk.length - at);
        chunk.copy(this.body, this.filled, at, at + n);
        this.filled += n;
        at += n;
        if (this.filled === this.body.length) {
          const body = this.body;
          this.body = undefined;
          this.deliver(body);
        }
        continue;
      }
      const end = chunk.indexOf(HEADER_END, at);
      if (end < 0) {
        this.pendingHeader = Buffer.from(chunk.subarray(at));
        return;
      }
      const length = contentLength(chunk.toString('ascii', at, end));
      if (typeof length === 'string') {
        // As vscode-jsonrpc does: the error is reported and the rest of the chunk dropped.
        this.fireError(new Error(length));
        return;
      }
      at = end + HEADER_END.length;
      if (chunk.length - at >= length) {
        // The whole body is in this chunk: read in place, no copy.
        this.deliver(chunk.subarray(at, at + length));
        at += length;
      } else {
        this.body = Buffer.allocUnsafe(length);
        this.filled = 0;
      }
    }
  }

  private deliver(body: Buffer): void {
    let message: Message;
    try {
      message = JSON.parse(body.toString('utf8')) as Message;
    } catch (error) {
      this.fireError(error);
      return;
    }
    this.callback?.(message);
  }
}

/** The `Content-Length` of a header block (lines `Name: value`, names in any case), or why there is none. */
function contentLength(header: string): number | string {
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) return `Message header must separate key and value using ':'\n${line}`;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    return /^\d+$/.test(value) ? Number(value) : `Content-Length value must be a number. Got ${value}`;
  }
  return `Header must provide a Content-Length property.\n${header}`;
}
