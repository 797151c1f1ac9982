export * from './trainer.module';
export * from './trainer.config';
// The engine's parts the training benchmark measures and prepares its subjects with.
export { LlamaTrainer } from './engine/llama-trainer';
export { findLlamaLibDir } from './engine/llama-ffi';
export { readGgufHeader } from './engine/gguf-header';
export { planGraphBudget, writeBudgetAdapter } from './engine/graph-budget';
export { writeF32Copy } from './engine/training-loop';
export type * from './engine/training-engine.types';
