import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
const [path, threads] = [process.argv[2], Number(process.argv[3])];
const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath: path });
for (const nseq of [1, 8]) {
const ctx = await model.createContext({ sequences: nseq, contextSize: 512, threads });
const s = ctx.getSequence();
const toks = model.tokenize('Once upon a time there was a little girl named Lily who loved to play');
for (const logits of ['none', 'last', 'all']) {
  await s.clearHistory();
  const arr = toks.slice(0, 8).map((_, i) => logits === 'all' || (logits === 'last' && i === 7));
  const t = performance.now();
  for (let r = 0; r < 5; r++) { await s.clearHistory(); await s._decodeTokens(toks.slice(0, 8), arr, 5, s._tokenMeter, {}, () => 0); }
  console.log(`ctx seqs ${nseq} threads ${threads} logits ${logits}: ${((performance.now() - t) / 5).toFixed(1)} ms per 8 tokens`);
}
await ctx.dispose();
}
