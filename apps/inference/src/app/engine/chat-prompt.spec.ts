import type { Llama } from 'node-llama-cpp';
import { LLAMA_CHAT_TINY, STORIES_260K_GGUF, randomLlamaGguf } from '@lamini/testing';
import { renderChat } from './chat-prompt';

describe('renderChat', () => {
  let llama: Llama;
  let module: typeof import('node-llama-cpp');
  const messages = [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'Hello there' },
    { role: 'assistant' as const, content: 'Hi.' },
    { role: 'user' as const, content: 'Tell me a story' },
  ];

  beforeAll(async () => {
    module = await import('node-llama-cpp');
    llama = await module.getLlama({ gpu: false, logLevel: module.LlamaLogLevel.error });
  });

  it("renders the conversation with the model's own chat template, ending where the reply starts", async () => {
    const model = await llama.loadModel({ modelPath: await randomLlamaGguf(LLAMA_CHAT_TINY) });
    const { input, stops } = renderChat(module, model, messages);
    expect(input.toString()).toContain('<|system|>\nBe brief.\n<|user|>\nHello there\n<|assistant|>\nHi.\n<|user|>\nTell me a story\n<|assistant|>\n');
    expect(input.toString().endsWith('<|assistant|>\n')).toBe(true);
    expect(stops.map((stop) => stop.toString())).toContain('\n');
    await model.dispose();
  });

  it('falls back to a plain layout for a model without a template: the system text, then Human / Assistant turns', async () => {
    const model = await llama.loadModel({ modelPath: STORIES_260K_GGUF });
    const text = renderChat(module, model, messages).input.toString();
    expect(text).toMatch(/^BOSBe brief\.\s+### Human\s+Hello there[\s\S]*### Assistant\s+Hi\.[\s\S]*### Human\s+Tell me a story[\s\S]*### Assistant\s*$/);
    await model.dispose();
  });
});
