/** `cirro audit …` (being built). */
export async function runAuditCommand(argv: string[]): Promise<number> {
  void argv;
  process.stderr.write('cirro audit: not available yet\n');
  return 1;
}
