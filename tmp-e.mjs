import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
const [path, threads, fa] = [process.argv[2], Number(process.argv[3]), process.argv[4] === 'fa'];
const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath: path });
const ctx = await model.createContext({ sequences: 8, contextSize: 512, threads, flashAttention: fa });
const native = ctx._ctx; const st = { decode: 0, dn: 0, sample: 0, sn: 0 };
ctx._ctx = new Proxy(native, { get(t, k) { const v = t[k]; if (typeof v !== 'function') return v;
  if (k === 'decodeBatch' || k === 'sampleToken') return async (...a) => { const s = performance.now(); try { return await v.apply(t, a); } finally { const d = performance.now() - s; if (k === 'decodeBatch') { st.decode += d; st.dn++; } else { st.sample += d; st.sn++; } } };
  return v.bind(t); } });
const seqs = Array.from({ length: 8 }, () => ctx.getSequence());
const toks = model.tokenize('Once upon a time there was a little girl');
async function gen(s, steps) {
  const it = s.evaluate(toks, { temperature: 0 }); let n = 0;
  for await (const t of it) { if (++n >= steps) break; }
}
for (const n of [1, 8]) {
  for (const s of seqs) await s.clearHistory();
  const t = performance.now();
  await Promise.all(seqs.slice(0, n).map((s) => gen(s, 48)));
  const sec = (performance.now() - t) / 1000;
  console.log(`threads ${threads} fa ${fa} n ${n}: ${(n * 48 / sec).toFixed(0)} tok/s`, `decode ${(st.decode/st.dn).toFixed(1)}ms x${st.dn} sample ${(st.sample/st.sn).toFixed(2)}ms x${st.sn}`); Object.assign(st, { decode: 0, dn: 0, sample: 0, sn: 0 });
}
