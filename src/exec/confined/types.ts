/** Keys the gateway issued: worthless anywhere but the gateway, so a confined program may hold them. */
export interface ConfinedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Where a confined program's calls go and how long and loud it may be. */
export interface ConfinedRunOptions {
  /** The gateway's endpoint; the only place the program's keys work. */
  readonly endpoint: string;
  readonly credentials: ConfinedCredentials;
  readonly region: string;
  readonly timeoutMs: number;
  /** Bytes kept of stdout and of stderr each. */
  readonly maxOutputBytes: number;
}

/** What running a model's command or program came to. */
export type ConfinedResult =
  /** It ran (and may have failed): exit code null means it was killed (time limit or runaway output). */
  | {
      readonly kind: 'ran';
      readonly exitCode: number | null;
      readonly stdout: string;
      readonly stderr: string;
      readonly timedOut: boolean;
      readonly durationMs: number;
    }
  /** Cirro would not run it; nothing ran. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** The tool it needs is missing here (the AWS CLI). */
  | { readonly kind: 'unavailable'; readonly reason: string };
