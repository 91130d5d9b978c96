// Which lines of a large file get CodeLenses: those near the lines on screen. Pure (no vscode
// import), so unit tests cover it; lensWindow.ts applies it to the editor.
import type { LineSpan } from '../core/protocol';

/** Lines given lenses above and below what is on screen. */
export const MARGIN = 300;

/** The lines to give lenses for: around each span on screen, or the top of a file no editor shows. */
export function linesAround(shown: readonly LineSpan[], margin = MARGIN): LineSpan[] {
  const around = shown.length > 0 ? shown : [{ start: 0, end: 0 }];
  return around.map((r) => ({ start: Math.max(0, r.start - margin), end: r.end + margin }));
}

/**
 * Whether what is on screen has come within half a margin of the edge of the lines given lenses
 * (an edge that is not the file's own), or left them: then lenses are asked for again, ahead of
 * the scrolling. `last` is the file's last line.
 */
export function outgrown(shown: readonly LineSpan[], given: readonly LineSpan[], last: number, margin = MARGIN): boolean {
  return shown.some((r) => !given.some((s) =>
    r.start >= s.start && r.end <= s.end &&
    (s.start === 0 || r.start >= s.start + margin / 2) &&
    (s.end >= last || r.end <= s.end - margin / 2)));
}
