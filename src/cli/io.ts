/** What the CLI touches of its process, passed in so it can run anywhere (tests, other tools). */
export interface CliStream {
  readonly isTTY?: boolean;
  write(text: string): boolean;
}

export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: CliStream;
  readonly stderr: CliStream;
}
