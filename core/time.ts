// Relative times in words, for the editor and the command line alike, and waiting that can be cut short.

/**
 * "just now", "5 minutes ago", "3 hours ago", "2 days ago"; with `short`, for narrow places such as
 * the view's rows: "just now", "5 min ago", "3 hr ago", "2 days ago".
 */
export function relativeTime(thenMs: number, nowMs: number, options: { short?: boolean } = {}): string {
  const seconds = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (seconds < 45) return 'just now';
  const unit = (n: number, long: string, short: string): string =>
    options.short ? `${n} ${short} ago` : `${n} ${long}${n === 1 ? '' : 's'} ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return unit(minutes, 'minute', 'min');
  const hours = Math.round(minutes / 60);
  if (hours < 36) return unit(hours, 'hour', 'hr');
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** Resolves after `ms`, or rejects with the signal's reason when it fires first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
