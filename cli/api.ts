// The API client as every CLI command builds it, and the exit codes its failures map to. The key comes
// from MISTRAL_API_KEY, the address from --base-url or MISTRAL_BASE_URL, and messages name those.
import { ApiError, DEFAULT_BASE_URL, describeRetry, MistralBatchApi } from '../core/api';
import type { Io } from './io';

export interface ApiArgs {
  baseUrl?: string;
  timeoutSeconds?: number;
}

/** The job did not end well, or the API refused or failed. */
export const FAILED = 1;
/** Usage or setup: options, the key (missing or rejected), the base URL, an unreadable file. */
export const SETUP_PROBLEM = 2;
export const INTERRUPTED = 130;

export function exitCodeFor(err: ApiError): number {
  if (err.kind === 'cancelled') return INTERRUPTED;
  return err.kind === 'config' || err.kind === 'unauthorized' ? SETUP_PROBLEM : FAILED;
}

/** The client, or the exit code after saying why there is none. */
export function connect(args: ApiArgs, io: Io): MistralBatchApi | number {
  const key = io.env.MISTRAL_API_KEY?.trim();
  if (!key) {
    io.err('mistral-batch: no API key: set the MISTRAL_API_KEY environment variable to your Mistral API key and run again.');
    return SETUP_PROBLEM;
  }
  const baseUrlSetting = args.baseUrl !== undefined ? '--base-url' : io.env.MISTRAL_BASE_URL ? 'MISTRAL_BASE_URL' : '--base-url';
  try {
    return new MistralBatchApi({
      baseUrl: args.baseUrl ?? (io.env.MISTRAL_BASE_URL || DEFAULT_BASE_URL),
      apiKey: key,
      timeoutMs: args.timeoutSeconds !== undefined ? args.timeoutSeconds * 1000 : undefined,
      baseUrlSetting,
      // Every wait is said, so a retry is never mistaken for a hang.
      onRetry: (r) => io.err(`${describeRetry(r)} Ctrl-C stops.`),
      hints: {
        baseUrl: `check ${baseUrlSetting}`,
        apiKey: 'set a valid key in the MISTRAL_API_KEY environment variable',
        timeout: 'raise --timeout',
      },
    });
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    io.err(`mistral-batch: ${err.message}`);
    return exitCodeFor(err);
  }
}
