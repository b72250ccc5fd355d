import { startEmbeddedPostgres } from '../db/index.js';
import { createLogger } from '../logger.js';
import { PostgresEventBus } from './postgres.js';
const e = await startEmbeddedPostgres();
const logger = createLogger('scratch', 'debug');
const bus = await PostgresEventBus.open({ url: e.url, logger });
const got: number[] = [];
await bus.subscribe('t.order', { durableName: 'o' }, async (ev) => { got.push(ev.seq); });
const timer = setTimeout(() => { console.log('HANG', got.length); process.exit(1); }, 15000);
await Promise.all(['a', 'b', 'c', 'd'].map(async (key) => {
  for (let n = 0; n < 15; n++) { await bus.publish('t.order', { key, type: 'x', payload: { n } }); }
  console.log('publisher done', key);
}));
while (got.length < 60) await new Promise((r) => setTimeout(r, 10));
clearTimeout(timer);
console.log('ok', got.length);
await bus.close(); await e.stop();
