/** What a command sees of its process: working directory, output streams, standard input, terminal and environment. */
export interface CliIo {
  readonly cwd: string;
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly readStdin: () => string;
  /** Standard input in chunks as it arrives, each a fresh buffer (a large List is linted item by item from it); without it, `readStdin`. */
  readonly readStdinChunks?: () => Iterable<Uint8Array>;
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}
