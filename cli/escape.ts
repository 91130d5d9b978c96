// Ids and messages from a server are printed to a terminal, where control characters are commands
// (colours, cursor moves, a title change, a hidden line). Every printed line is escaped here.

// C0 controls but tab and newline, DEL, and the C1 range (which some terminals also obey).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `line` with each control character shown as `\xNN`, so it cannot act on the terminal. */
export function escapeControls(line: string): string {
  return line.replace(CONTROLS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
