/**
 * Run a deployment from its process file in the foreground: `tsx deploy/run.ts [file]` (default
 * `deploy/multi-replica.json`) with DATABASE_URL, EVENT_BUS_URL and EVENT_BUS_NAMESPACE set; any
 * `*_PORT` variable you set is used, the others are picked free. Ctrl-C stops every process.
 */
import path from 'node:path';
import { REPO_ROOT, startDeployment } from './deployment.js';

const file = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, 'deploy/multi-replica.json'));
const deployment = await startDeployment(file);
for (const p of deployment.processes.values()) process.stdout.write(`${p.name.padEnd(12)} ready at ${p.ready}\n`);
process.stdout.write(`the portal: ${deployment.expand('http://127.0.0.1:${GATEWAY_PORT}/graphql')}\n`);
const stop = () => void deployment.stop().finally(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
