import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
const [path, threads] = [process.argv[2], Number(process.argv[3])];
const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.warn });
const model = await llama.loadModel({ modelPath: path });
const ctx = await model.createContext({ sequences: 8, contextSize: 4096, threads });
const seqs = Array.from({ length: 8 }, () => ctx.getSequence());
const toks = model.tokenize('Once upon a time there was a little girl named Lily who loved to play outside');
for (const n of [1, 2, 4, 8]) {
  for (const s of seqs) await s.clearHistory();
  await Promise.all(seqs.slice(0, n).map((s) => s.evaluateWithoutGeneratingNewTokens(toks.slice(0, 4))));
  const t = performance.now();
  for (let step = 0; step < 16; step++) await Promise.all(seqs.slice(0, n).map((s) => s.evaluateWithoutGeneratingNewTokens([toks[4 + step]])));
  const ms = (performance.now() - t) / 16;
  console.log(`${n} seqs one token each: ${ms.toFixed(1)} ms/step, ${(ms / n).toFixed(1)} ms/token`);
}
const s = seqs[0]; await s.clearHistory(); await s.evaluateWithoutGeneratingNewTokens(toks.slice(0, 4));
const t = performance.now(); await s.evaluateWithoutGeneratingNewTokens(toks.slice(4, 12)); console.log('one seq 8 tokens', (performance.now() - t).toFixed(1));
