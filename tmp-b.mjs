import { getLlama, LlamaCompletion, LlamaLogLevel } from 'node-llama-cpp';
const [path, threads, mode] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.warn });
const model = await llama.loadModel({ modelPath: path });
let active = 0;
let ctxRef;
const batching = mode === 'custom' ? { dispatchSchedule: (dispatch) => {
  const start = performance.now();
  const check = () => {
    if (ctxRef._queuedDecodeSequenceIds.size >= active || performance.now() - start > 5) dispatch();
    else setImmediate(check);
  };
  setImmediate(check);
} } : undefined;
const ctx = await model.createContext({ sequences: 8, contextSize: 2048, threads, batching });
ctxRef = ctx;
const native = ctx._ctx; let calls=0, items=0, dt=0;
const proxy = new Proxy(native, { get(t, k) { const v = t[k]; if (typeof v !== 'function') return v;
  if (k === 'addToBatch') return (...a) => { items++; return v.apply(t, a); };
  if (k === 'decodeBatch') return async (...a) => { calls++; const s = performance.now(); try { return await v.apply(t, a); } finally { dt += performance.now() - s; } };
  return v.bind(t); } });
ctx._ctx = proxy;
globalThis.stats=()=>{const r=`calls ${calls} avgItems ${(items/calls).toFixed(2)} decodeMs ${dt.toFixed(0)}`; calls=items=dt=0; return r;};

const seqs = Array.from({ length: 8 }, () => ctx.getSequence());
async function run(n, tokens) {
  active = n;
  const t0 = performance.now();
  const outs = await Promise.all(seqs.slice(0, n).map(async (s, i) => {
    const c = new LlamaCompletion({ contextSequence: s });
    const r = await c.generateCompletionWithMeta('Once upon a time ' + i, { maxTokens: tokens, temperature: 0.8, seed: i });
    await s.clearHistory();
    return model.tokenize(r.response).length;
  }));
  const s = (performance.now() - t0) / 1000;
  const total = n * tokens;
  return (total / s).toFixed(1) + ' ' + (s*1000).toFixed(0) + 'ms ' + stats();
}
await run(1, 10);
for (const n of [1, 2, 4, 8]) console.log(mode, threads, n, await run(n, 64));
