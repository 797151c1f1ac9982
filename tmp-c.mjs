import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
const [path, threads] = [process.argv[2], Number(process.argv[3])];
const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.warn });
const model = await llama.loadModel({ modelPath: path });
for (const seqs of [1, 8]) {
const ctx = await model.createContext({ sequences: seqs, contextSize: 2048, threads });
console.log('ctx size', ctx.contextSize, 'batch', ctx.batchSize);
const seq = ctx.getSequence();
const toks = model.tokenize('Once upon a time there was a little girl named Lily who loved to play outside in the park with her friends every day');
const many = [...toks, ...toks, ...toks, ...toks].slice(0, 64);
let t = performance.now();
await seq.evaluateWithoutGeneratingNewTokens(many);
console.log(seqs, 'prompt 64 tokens', (performance.now() - t).toFixed(0), 'ms');
await seq.clearHistory();
t = performance.now();
for (const tok of many.slice(0, 16)) await seq.evaluateWithoutGeneratingNewTokens([tok]);
console.log(seqs, '16 single tokens', (performance.now() - t).toFixed(0), 'ms');
await ctx.dispose();
}
