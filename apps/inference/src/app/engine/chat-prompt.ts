import type { ChatHistoryItem, ChatWrapper, LlamaModel, LlamaText } from 'node-llama-cpp';
import type { ChatMessage } from '@lamini/contracts';
import type { NodeLlamaCpp } from './llama-runtime';

export interface ChatPrompt {
  /** The conversation as the model was trained to read it, ending where the assistant's reply starts. */
  input: LlamaText;
  /** What ends the reply besides the end-of-generation token (the template's end-of-turn text). */
  stops: LlamaText[];
}

const wrappers = new WeakMap<LlamaModel, ChatWrapper>();

/**
 * A model's chat format: its own `tokenizer.chat_template`, which node-llama-cpp runs (as the
 * template itself, or as its equivalent built-in wrapper for well-known templates). A model
 * without a template gets node-llama-cpp's GeneralChatWrapper, a plain layout (the system text,
 * then `### Human` and `### Assistant` turns), not a guess from its architecture.
 */
export function chatWrapperOf(module: NodeLlamaCpp, model: LlamaModel): ChatWrapper {
  let wrapper = wrappers.get(model);
  if (!wrapper) {
    const template = model.fileInfo.metadata.tokenizer?.chat_template;
    wrapper = template ? module.resolveChatWrapper(model) : new module.GeneralChatWrapper();
    wrappers.set(model, wrapper);
  }
  return wrapper;
}

export function renderChat(module: NodeLlamaCpp, model: LlamaModel, messages: ChatMessage[]): ChatPrompt {
  const chatHistory: ChatHistoryItem[] = messages.map((message): ChatHistoryItem => {
    switch (message.role) {
      case 'system':
        return { type: 'system', text: message.content };
      case 'user':
        return { type: 'user', text: message.content };
      case 'assistant':
        return { type: 'model', response: [message.content] };
    }
  });
  chatHistory.push({ type: 'model', response: [] });
  const state = chatWrapperOf(module, model).generateContextState({ chatHistory });
  return { input: state.contextText, stops: state.stopGenerationTriggers };
}
