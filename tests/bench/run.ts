/** `pnpm bench [name…]`: run benchmarks by name (default: all). Each prints a table of numbers. */
export {};
const BENCHES: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  skeleton: () => import('./skeleton.bench.js'),
  gateway: () => import('./gateway.bench.js'),
  erp: () => import('./erp.bench.js'),
  pricing: () => import('./pricing.bench.js'),
  inventory: () => import('./inventory.bench.js'),
  resilience: () => import('./resilience.bench.js'),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !BENCHES[w]);
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
  console.log(`\n=== bench ${name} ===`);
  await (await BENCHES[name]!()).run();
}
process.exit(0);
