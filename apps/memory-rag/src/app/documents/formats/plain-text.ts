const decoder = new TextDecoder('utf-8', { fatal: true });

/** The bytes as UTF-8 text; throws a reason when they are not text. */
export function decodeText(data: Uint8Array): string {
  let text: string;
  try {
    text = decoder.decode(data);
  } catch {
    throw new Error('is not UTF-8 text');
  }
  if (text.includes('\u0000')) throw new Error('is binary, not text');
  return text;
}
