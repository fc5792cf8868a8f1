/**
 * The only place that knows whether we talk to a person or a log: a TTY gets colour and a live
 * progress bar; CI and pipes get plain lines.
 */
export interface Terminal {
  interactive: boolean;
  color: boolean;
  /**
   * Columns tables are fitted to: the terminal's width, else `COLUMNS` (pipes and files); undefined when
   * neither is known (tables keep their natural width).
   */
  width: number | undefined;
  out(text: string): void;
  err(text: string): void;
  /** Rewrites the current status line (TTY only). */
  status(text: string): void;
  clearStatus(): void;
}

export function createTerminal(options: { ci: boolean; noColor: boolean; columns?: number | undefined }): Terminal {
  const interactive = Boolean(process.stderr.isTTY) && !options.ci;
  let statusShown = false;
  const clearStatus = (): void => {
    if (statusShown) {
      process.stderr.write("\r\u001b[2K");
      statusShown = false;
    }
  };
  return {
    interactive,
    color: interactive && !options.noColor,
    width: process.stdout.isTTY && process.stdout.columns > 0 ? process.stdout.columns : options.columns,
    out: (text) => {
      clearStatus();
      process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    },
    err: (text) => {
      clearStatus();
      process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
    },
    status: (text) => {
      if (!interactive) return;
      process.stderr.write(`\r\u001b[2K${text.slice(0, (process.stderr.columns || 100) - 1)}`);
      statusShown = true;
    },
    clearStatus,
  };
}

const ansi = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;

export function paint(terminal: Pick<Terminal, "color">, style: keyof typeof ansi, text: string): string {
  if (!terminal.color) return text;
  const [open, close] = ansi[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}
