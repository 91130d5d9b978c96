// Sending a file upload from disk in bounded memory. Node's fetch keeps every chunk of a streamed
// request body until the request ends (a 500 MB upload held 500 MB), and the SDK copies stream
// contents into memory, so the transport sends uploads itself over node:http(s): its own multipart
// body around a file-backed Blob, a known Content-Length, and the answer handed back as a Response.
import * as http from 'node:http';
import * as https from 'node:https';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/** What an upload sends: the file, and the form fields that go with it (`purpose`). */
export interface UploadBody {
  fileName: string;
  content: Blob;
  fields: Record<string, string>;
}

/** The multipart body (RFC 7578) as one lazy Blob: the file's bytes are read only as they are sent. */
export function multipartBody(upload: UploadBody): { body: Blob; contentType: string } {
  const boundary = `----mistral-batch-${randomBytes(12).toString('hex')}`;
  const quoted = (s: string) => s.replace(/[\r\n"]/g, (c) => encodeURIComponent(c));
  const parts: Array<string | Blob> = [];
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(upload.fileName)}"\r\nContent-Type: ${upload.content.type || 'application/octet-stream'}\r\n\r\n`);
  parts.push(upload.content);
  for (const [name, value] of Object.entries(upload.fields)) {
    parts.push(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}`);
  }
  parts.push(`\r\n--${boundary}--\r\n`);
  return { body: new Blob(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Sends `request` (its URL, method and headers) with the upload as its body. `onChunk` runs for each
 * chunk handed to the socket, with the bytes of the body sent so far. Failures are thrown the way
 * fetch throws them (a TypeError with the system error as its cause), so they are classified alike.
 */
export function sendUpload(request: Request, upload: UploadBody, signal: AbortSignal, onChunk: (sent: number, total: number) => void): Promise<Response> {
  const { body, contentType } = multipartBody(upload);
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    if (key !== 'content-type' && key !== 'content-length' && key !== 'transfer-encoding') headers[key] = value;
  });
  headers['content-type'] = contentType;
  headers['content-length'] = String(body.size);
  return new Promise<Response>((resolve, reject) => {
    const fail = (err: unknown) => reject(signal.aborted ? signal.reason : new TypeError('fetch failed', { cause: err }));
    const send = url.protocol === 'https:' ? https.request : http.request;
    // A connection of its own (no agent), so the body goes out only once it is set up: a TLS failure
    // then shows as the handshake error it is, before any byte of the request was sent.
    const req = send(url, { method: request.method, headers, signal, agent: false }, (res) => {
      const answer = new Headers();
      for (const [key, value] of Object.entries(res.headers)) {
        if (Array.isArray(value)) value.forEach((v) => answer.append(key, v));
        else if (value !== undefined) answer.set(key, value);
      }
      res.on('error', () => undefined); // Surfaces through the body stream.
      resolve(new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, { status: res.statusCode ?? 500, statusText: res.statusMessage, headers: answer }));
    });
    req.on('error', fail);
    req.on('socket', (socket) => socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', start));
    let sent = 0;
    onChunk(0, body.size);
    function start(): void {
      const source = Readable.fromWeb(body.stream() as import('node:stream/web').ReadableStream<Uint8Array>);
      source.on('data', (chunk: Buffer) => {
        sent += chunk.length;
        onChunk(sent, body.size);
      });
      // A file changed during the upload fails to read: the request is abandoned, not sent short, and
      // the error is not a network one, so it is not retried.
      source.on('error', (err) => {
        req.destroy(err);
        reject(err);
      });
      source.pipe(req);
    }
  });
}
