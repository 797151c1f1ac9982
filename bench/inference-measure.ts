/**
 * The measurements bench:inference takes of every way of generating, counted the same way: a
 * generation cut by the token limit made exactly that many tokens; one the model ended is its
 * text tokenized again (re-tokenizing the random model's byte soup would overcount, but it never
 * ends on its own within the limit).
 *
 * - time to first token: a request for one new token
 * - single-stream decode tok/s: (tokens - 1) / (request time - time to first token)
 * - aggregate tok/s at 1, 2, 4, 8 concurrent requests: all tokens / wall time
 */
import { median, round, timed } from './throughput-stats';

export const CONCURRENCY = [1, 2, 4, 8];
const WARM_UP_MS = Number(process.env.BENCH_WARM_UP_MS ?? 3000);
export const PROMPTS = ['Once upon a time', 'The little dog', 'Lily and Ben went to the park', 'One day, a big bird', 'Tom had a red ball', 'Mom said', 'The old tree', 'At night the stars'];

export interface Generated {
  text: string;
  /** Stopped by the token limit rather than by the model. */
  cut: boolean;
}

/** One way of generating: what was generated for each of `prompts`, each up to `maxTokens` tokens. */
export type Generate = (prompts: string[], maxTokens: number) => Promise<Generated[]>;

export interface Figures {
  time_to_first_token_ms: number;
  single_stream_decode_tok_s: number;
  aggregate_tok_s: Record<string, number>;
  scaling_8_vs_1: number;
}

export async function measure(generate: Generate, tokenize: (text: string) => number, maxNewTokens: number, repeats: number): Promise<Figures> {
  const countTokens = (g: Generated) => (g.cut ? maxNewTokens : tokenize(g.text));
  const repeat = async (run: () => Promise<number>) => {
    const values: number[] = [];
    for (let i = 0; i < repeats; i++) values.push(await run());
    return values;
  };
  // Warm-up: model load, first allocations, and V8's optimisation of the per-token JavaScript
  // (node-llama-cpp's loop ran at half speed for its first thousand tokens or so).
  const warmUntil = performance.now() + WARM_UP_MS;
  while (performance.now() < warmUntil) await generate(PROMPTS, maxNewTokens);
  const ttft = median(await repeat(async () => (await timed(() => generate([PROMPTS[0]], 1))).ms));
  const decode = median(
    await repeat(async () => {
      const { value, ms } = await timed(() => generate([PROMPTS[0]], maxNewTokens));
      return (countTokens(value[0]) - 1) / ((ms - ttft) / 1000);
    }),
  );
  const aggregate: Record<string, number> = {};
  for (const n of CONCURRENCY) {
    aggregate[n] = round(
      median(
        await repeat(async () => {
          const { value, ms } = await timed(() => generate(PROMPTS.slice(0, n), maxNewTokens));
          return value.reduce((sum, text) => sum + countTokens(text), 0) / (ms / 1000);
        }),
      ),
    );
  }
  return {
    time_to_first_token_ms: round(ttft, 2),
    single_stream_decode_tok_s: round(decode),
    aggregate_tok_s: aggregate,
    scaling_8_vs_1: round(aggregate[8] / aggregate[1], 2),
  };
}

/** Each figure of `ours` over the anchor's (tok/s: above 1 is faster; time to first token: above 1 is slower). */
export function ratios(ours: Figures, anchor: Figures) {
  return {
    time_to_first_token: round(ours.time_to_first_token_ms / anchor.time_to_first_token_ms, 2),
    single_stream_decode: round(ours.single_stream_decode_tok_s / anchor.single_stream_decode_tok_s, 2),
    aggregate: Object.fromEntries(CONCURRENCY.map((n) => [n, round(ours.aggregate_tok_s[n] / anchor.aggregate_tok_s[n], 2)])),
  };
}

/** An HTTP API's `/v2/completions`, every prompt its own concurrent request, as concurrent users send them. */
export function completionsOver(baseUrl: string, key: string, modelName: string): Generate {
  const one = async (prompt: string, maxTokens: number): Promise<Generated> => {
    const res = await fetch(`${baseUrl}/v2/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model_name: modelName, prompt: [prompt], max_new_tokens: maxTokens }),
    });
    if (res.status !== 200) throw new Error(`${baseUrl} answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { outputs: Array<{ output: string }>; finish_reason: string[] };
    return { text: body.outputs[0].output, cut: body.finish_reason[0] === 'length' };
  };
  return (prompts, maxTokens) => Promise.all(prompts.map((prompt) => one(prompt, maxTokens)));
}
