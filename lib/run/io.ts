/** What a command sees of its process: working directory, output streams, standard input, terminal and environment. */
export interface CliIo {
  readonly cwd: string;
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly readStdin: () => string;
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}
