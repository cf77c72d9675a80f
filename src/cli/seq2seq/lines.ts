/** Non-empty lines of a stream (standard input piped in), trimmed. */
export async function readLines(stream: NodeJS.ReadableStream): Promise<string[]> {
  const chunks: string[] = [];
  stream.setEncoding?.('utf8');
  for await (const c of stream) chunks.push(String(c));
  return chunks.join('').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}
