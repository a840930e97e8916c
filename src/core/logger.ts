/** Where library code writes diagnostics; entry points decide where they go. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that drops everything (library default). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** A logger that writes lines to a stream, such as process.stderr. */
export function streamLogger(stream: { write(text: string): unknown }, prefix = ''): Logger {
  const line = (level: string, message: string) => stream.write(`${prefix}${level}${message}\n`);
  return {
    info: (message) => line('', message),
    warn: (message) => line('warning: ', message),
    error: (message) => line('error: ', message),
  };
}
