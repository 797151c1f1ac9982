import Ajv2020 from 'ajv/dist/2020';
import OpenAI from 'openai';
import {
  GENERATED_MODELS_DIR,
  LLAMA_CHAT_TINY,
  MINI_BERT,
  SHARED_MODELS_DIR,
  bertOnnxModel,
  randomLlamaGguf,
  startDistributedPlatform,
} from '@lamini/testing';
import { startEmbeddedPlatform } from './support/embedded-platform';

const KEY = 'lmn_openai_client_key';
const MODEL_DIRS = `${SHARED_MODELS_DIR},${GENERATED_MODELS_DIR}`;
const CHAT_MODEL = LLAMA_CHAT_TINY.name;
const BIG_MODEL = 'random-llama-134m';
/** One sequence and no queue: a second generation while one runs is refused with 429. */
const INFERENCE_ENV = { INFERENCE_GPU: 'off', INFERENCE_SEQUENCES: '1', INFERENCE_MAX_QUEUE: '0' };

interface Platform {
  baseUrl: string;
  key: string;
  stop(): Promise<void>;
}

const MODES: Array<[string, () => Promise<Platform>]> = [
  [
    'embedded (npm start)',
    async () => {
      const platform = await startEmbeddedPlatform(KEY, { MODEL_DIRS, ...INFERENCE_ENV, EMBEDDING_GPU: 'off' });
      return { baseUrl: platform.baseUrl, key: KEY, stop: () => platform.stop() };
    },
  ],
  [
    'distributed (gateway, registry, inference and embedding processes over NATS)',
    async () => {
      const platform = await startDistributedPlatform({
        service: 'inference',
        serviceEnv: { UV_THREADPOOL_SIZE: '1', ...INFERENCE_ENV },
        companions: { embedding: { EMBEDDING_GPU: 'off' } },
        modelDirs: MODEL_DIRS,
      });
      return { baseUrl: platform.gatewayUrl, key: platform.key, stop: () => platform.stop() };
    },
  ],
];

/** The official `openai` npm client, unchanged, pointed at `<platform>/inf` as the Lamini SDK points it. */
describe.each(MODES)('the openai client against /inf, %s', (_, start) => {
  let platform: Platform;
  let openai: OpenAI;

  beforeAll(async () => {
    await randomLlamaGguf(LLAMA_CHAT_TINY);
    await randomLlamaGguf();
    bertOnnxModel(MINI_BERT);
    platform = await start();
    openai = new OpenAI({ baseURL: `${platform.baseUrl}/inf`, apiKey: platform.key, maxRetries: 0 });
  }, 120_000);

  afterAll(() => platform?.stop());

  describe('chat.completions.create', () => {
    it("answers a chat rendered with the model's template: one assistant message, finish reason and token usage", async () => {
      const completion = await openai.chat.completions.create({
        model: CHAT_MODEL,
        messages: [
          { role: 'system', content: 'You tell stories.' },
          { role: 'user', content: 'Once upon a time' },
        ],
        max_tokens: 12,
        temperature: 0,
      });
      expect(completion.object).toBe('chat.completion');
      expect(completion.id).toMatch(/^chatcmpl-/);
      expect(completion.model).toBe(CHAT_MODEL);
      expect(completion.choices).toHaveLength(1);
      const [choice] = completion.choices;
      expect(choice.message.role).toBe('assistant');
      expect(typeof choice.message.content).toBe('string');
      expect(['stop', 'length']).toContain(choice.finish_reason);
      expect(completion.usage!.prompt_tokens).toBeGreaterThan(10);
      expect(completion.usage!.completion_tokens).toBeLessThanOrEqual(12);
      expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    });

    it('samples n choices; the same seed gives the same choices again, and temperature 0 is greedy', async () => {
      const ask = (seed: number, temperature = 1) =>
        openai.chat.completions.create({ model: 'stories260K', messages: [{ role: 'user', content: 'Tell me about a dog' }], max_tokens: 16, n: 2, seed, temperature });
      const first = await ask(7);
      const again = await ask(7);
      expect(first.choices.map((c) => c.index)).toEqual([0, 1]);
      expect(again.choices.map((c) => c.message.content)).toEqual(first.choices.map((c) => c.message.content));
      const greedy = await ask(1, 0);
      const greedyOther = await ask(2, 0);
      expect(greedy.choices[0].message.content).toBe(greedy.choices[1].message.content);
      expect(greedyOther.choices[0].message.content).toBe(greedy.choices[0].message.content);
    });

    it('streams server-sent events: the role first, then deltas that add up to the whole answer, the finish reason, the usage, [DONE]', async () => {
      const body = { model: 'stories260K', messages: [{ role: 'user' as const, content: 'Once upon a time' }], max_tokens: 24, temperature: 0 };
      const whole = await openai.chat.completions.create(body);
      const stream = await openai.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks[0].object).toBe('chat.completion.chunk');
      expect(chunks[0].choices[0].delta.role).toBe('assistant');
      const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
      expect(text).toBe(whole.choices[0].message.content);
      expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBeGreaterThan(1);
      expect(chunks.at(-2)!.choices[0].finish_reason).toBe(whole.choices[0].finish_reason);
      expect(chunks.at(-1)!.choices).toEqual([]);
      expect(chunks.at(-1)!.usage).toEqual(whole.usage);
    });

    it('keeps to a json_schema response format: the content always parses and validates, even when the token budget cuts it short', async () => {
      const schema = {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'who' },
          age: { type: 'integer' },
          mood: { enum: ['happy', 'sad'] },
          friends: { type: 'array', items: { type: 'string' }, maxItems: 2 },
          home: { type: 'object', properties: { city: { type: 'string' }, big: { type: 'boolean' } }, required: ['city', 'big'], additionalProperties: false },
          note: { anyOf: [{ type: 'string', maxLength: 8 }, { type: 'null' }] },
        },
        required: ['name', 'age', 'mood', 'friends', 'home', 'note'],
        additionalProperties: false,
      };
      const validate = new Ajv2020({ strict: false }).compile(schema);
      for (const maxTokens of [8, 200]) {
        const completion = await openai.chat.completions.create({
          model: 'stories260K',
          messages: [{ role: 'user', content: 'Describe a girl named Lily.' }],
          response_format: { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } },
          max_tokens: maxTokens,
          temperature: 0,
        });
        const value = JSON.parse(completion.choices[0].message.content!);
        expect(validate(value)).toBe(true);
        if (maxTokens === 8) expect(completion.choices[0].finish_reason).toBe('length');
      }
    });

    it('answers a JSON object for response_format json_object', async () => {
      const completion = await openai.chat.completions.create({
        model: 'stories260K',
        messages: [{ role: 'user', content: 'Say something as JSON' }],
        response_format: { type: 'json_object' },
        max_tokens: 40,
        temperature: 0,
      });
      const value = JSON.parse(completion.choices[0].message.content!);
      expect(typeof value).toBe('object');
      expect(Array.isArray(value)).toBe(false);
    });

    it('stops generating when a streaming client goes away, freeing the only sequence at once', async () => {
      // The 134M llama takes tens of seconds to fill its context: long enough to see that it was stopped.
      const stream = await openai.chat.completions.create({
        model: BIG_MODEL,
        messages: [{ role: 'user', content: 'Once upon a time' }],
        max_tokens: 100_000,
        temperature: 1,
        seed: 3,
        stream: true,
      });
      let received = 0;
      // Leaving the loop aborts the HTTP request, as a client that goes away does.
      for await (const chunk of stream) if (chunk.choices[0]?.delta.content && ++received === 3) break;
      expect(received).toBe(3);
      const deadline = Date.now() + 10_000;
      let answered: OpenAI.Chat.Completions.ChatCompletion | undefined;
      while (!answered && Date.now() < deadline) {
        answered = await openai.chat.completions
          .create({ model: BIG_MODEL, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2, temperature: 0 })
          .catch((error: unknown) => {
            if (!(error instanceof OpenAI.RateLimitError)) throw error;
            return undefined;
          });
      }
      expect(answered?.choices).toHaveLength(1);
    });
  });

  describe('completions.create', () => {
    it('completes several prompts, n choices each, numbered prompt by prompt, and streams them', async () => {
      const completion = await openai.completions.create({ model: 'stories260K', prompt: ['Once upon a time', 'The little dog'], max_tokens: 6, temperature: 0, n: 2 });
      expect(completion.object).toBe('text_completion');
      expect(completion.choices.map((c) => c.index)).toEqual([0, 1, 2, 3]);
      expect(completion.choices[0].text).toBe(completion.choices[1].text);
      expect(completion.choices[0].text).not.toBe(completion.choices[2].text);
      const stream = await openai.completions.create({ model: 'stories260K', prompt: 'Once upon a time', max_tokens: 6, temperature: 0, stream: true });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
      expect(text).toBe(completion.choices[0].text);
    });
  });

  describe('embeddings.create', () => {
    it('embeds a string or a list, as floats or base64 (which the client decodes), in order', async () => {
      const texts = ['a quick brown fox', 'the ocean and the river'];
      const floats = await openai.embeddings.create({ model: MINI_BERT.name, input: texts, encoding_format: 'float' });
      expect(floats.object).toBe('list');
      expect(floats.data.map((d) => d.index)).toEqual([0, 1]);
      expect(floats.data[0].embedding).toHaveLength(MINI_BERT.hidden);
      // Without encoding_format the client asks for base64 and decodes it itself.
      const decoded = await openai.embeddings.create({ model: MINI_BERT.name, input: texts });
      decoded.data.forEach((d, i) => d.embedding.forEach((x, j) => expect(x).toBeCloseTo(floats.data[i].embedding[j], 6)));
      const single = await openai.embeddings.create({ model: MINI_BERT.name, input: texts[1], encoding_format: 'float' });
      expect(single.data).toHaveLength(1);
      expect(single.data[0].embedding).toEqual(floats.data[1].embedding);
      expect(floats.usage.prompt_tokens).toBeGreaterThan(0);
    });

    it('refuses dimensions the model cannot produce, naming the parameter', async () => {
      const error = await openai.embeddings.create({ model: MINI_BERT.name, input: 'x', dimensions: 7 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('dimensions');
    });
  });

  describe('models.list and errors', () => {
    it("lists the models the key can use", async () => {
      const ids = [];
      for await (const model of openai.models.list()) ids.push(model.id);
      expect(ids).toEqual(expect.arrayContaining(['stories260K', CHAT_MODEL, MINI_BERT.name]));
    });

    it('retrieves one model by id, a Hugging Face id with its slash included, and 404s an unknown one', async () => {
      expect(await openai.models.retrieve('stories260K')).toMatchObject({ id: 'stories260K', object: 'model', owned_by: expect.any(String) });
      expect(MINI_BERT.name).toContain('/');
      expect(await openai.models.retrieve(MINI_BERT.name)).toMatchObject({ id: MINI_BERT.name, object: 'model' });
      const unencoded = await fetch(`${platform.baseUrl}/inf/models/${MINI_BERT.name}`, { headers: { authorization: `Bearer ${openai.apiKey}` } });
      expect([unencoded.status, ((await unencoded.json()) as { id: string }).id]).toEqual([200, MINI_BERT.name]);
      const missing = await openai.models.retrieve('no-such-model').catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
      expect((missing as InstanceType<typeof OpenAI.APIError>).code).toBe('model_not_found');
    });

    it("answers in OpenAI's error shape with the statuses its client maps to its own exceptions", async () => {
      const badKey = new OpenAI({ baseURL: `${platform.baseUrl}/inf`, apiKey: 'lmn_not_a_key', maxRetries: 0 });
      const unauthorized = await badKey.models.list().catch((e: unknown) => e);
      expect(unauthorized).toBeInstanceOf(OpenAI.AuthenticationError);
      expect((unauthorized as InstanceType<typeof OpenAI.APIError>).code).toBe('invalid_api_key');

      const missing = await openai.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
      expect((missing as InstanceType<typeof OpenAI.APIError>).code).toBe('model_not_found');

      const hot = await openai.chat.completions.create({ model: 'stories260K', messages: [{ role: 'user', content: 'x' }], temperature: 5 }).catch((e: unknown) => e);
      expect(hot).toBeInstanceOf(OpenAI.BadRequestError);
      expect((hot as InstanceType<typeof OpenAI.APIError>).param).toBe('temperature');
      expect((hot as InstanceType<typeof OpenAI.APIError>).type).toBe('invalid_request_error');

      const tools = await openai.chat.completions
        .create({ model: 'stories260K', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] })
        .catch((e: unknown) => e);
      expect(tools).toBeInstanceOf(OpenAI.BadRequestError);

      const pattern = await openai.chat.completions
        .create({
          model: 'stories260K',
          messages: [{ role: 'user', content: 'x' }],
          response_format: { type: 'json_schema', json_schema: { name: 'p', schema: { type: 'string', pattern: '^a+$' } } },
        })
        .catch((e: unknown) => e);
      expect(pattern).toBeInstanceOf(OpenAI.BadRequestError);
      expect((pattern as InstanceType<typeof OpenAI.APIError>).message).toContain('pattern');
    });
  });
});
