/**
 * Raw ANSI SGR codes for the terminal renderer. No terminal library: the report returns a string and
 * the CLI decides whether colour is wanted (TTY, NO_COLOR).
 */
export const ansiStyles = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

export type AnsiStyle = keyof typeof ansiStyles;

export function paint(text: string, style: AnsiStyle | undefined, color: boolean): string {
  if (!color || style === undefined || text === "") return text;
  const [open, close] = ansiStyles[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

/** Removes SGR sequences, e.g. to measure a coloured string's width. */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}
