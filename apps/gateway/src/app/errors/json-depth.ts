/**
 * How deeply arrays and objects nest in a parsed JSON value, counted without recursion (a body
 * of thousands of nested arrays parses fine but overflows the stack of anything recursive that
 * touches it later: validation, cloning, serialising). Stops counting past `limit`.
 */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
