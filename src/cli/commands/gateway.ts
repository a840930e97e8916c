/** `cirro gateway …` (being built). */
export async function runGatewayCommand(argv: string[]): Promise<number> {
  void argv;
  process.stderr.write('cirro gateway: not available yet\n');
  return 1;
}
