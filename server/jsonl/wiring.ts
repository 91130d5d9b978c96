// Batch inputs over LSP: the custom messages of core/protocol.ts, adapted to BatchInputs.
import { fileURLToPath } from 'node:url';
import { Connection, InitializeParams } from 'vscode-languageserver/node';
import { EndpointChoiceNotification, InputEndpointNotification, InputKindRequest } from '../../core/protocol';
import { describeError } from '../runner';
import { BatchSchemas } from '../schema/load';
import { BatchInputs } from './inputs';
import { nodeFiles } from './namers';

export function registerInputs(
  connection: Connection,
  schemas: () => BatchSchemas,
  openText: (path: string) => string | undefined,
  republish: (uri: string) => void,
): BatchInputs {
  const inputs = new BatchInputs({
    schemas,
    files: nodeFiles,
    openText,
    notify: (status) => void connection.sendNotification(InputEndpointNotification, status),
    republish,
  });
  connection.onRequest(InputKindRequest, ({ uri, head }) => {
    try {
      return { batchInput: inputs.isBatchInput(uri, typeof head === 'string' ? head : '') };
    } catch (e) {
      connection.console.error(`input kind of ${uri} failed: ${describeError(e)}`);
      return { batchInput: false };
    }
  });
  connection.onNotification(EndpointChoiceNotification, ({ uri, endpoint }) => {
    try {
      inputs.choose(uri, typeof endpoint === 'string' ? endpoint : null);
    } catch (e) {
      connection.console.error(`endpoint choice for ${uri} failed: ${describeError(e)}`);
    }
  });
  return inputs;
}

/** The workspace's folders on disk, where batch files naming an input are looked for. */
export function workspaceFolders(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.flatMap((uri) => {
    try {
      return uri.startsWith('file:') ? [fileURLToPath(uri)] : [];
    } catch {
      return [];
    }
  });
}
