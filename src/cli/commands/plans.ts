/** `cirro plans`, `cirro approve <id>`, `cirro reject <id>` (being built). */
export async function runPlansCommand(command: string, argv: string[]): Promise<number> {
  void argv;
  process.stderr.write(`cirro ${command}: not available yet\n`);
  return 1;
}
