/**
 * `pnpm token`: demo JWTs for every persona of every demo account (HS256, JWT_DEV_SECRET).
 * `--json` prints `[{"accountId","role","userId","token"}]`; `--account ID --role R` filters.
 * Only the tokens are written to stdout; `pnpm --silent run token --json` also keeps pnpm's own
 * "$ tsx …" line off stderr. It loads no service code, so it answers at once.
 */
import { parseArgs } from 'node:util';
import { demoTokens } from '@portal/launcher/tokens';
import { baseConfig, loadConfig } from '@portal/platform/config';

const { values } = parseArgs({
  options: { json: { type: 'boolean' }, account: { type: 'string' }, role: { type: 'string' }, expires: { type: 'string' } },
});
const config = loadConfig('token', baseConfig);
const tokens = (await demoTokens(config.JWT_DEV_SECRET, values.expires ?? '30d')).filter(
  (t) => (!values.account || t.accountId === values.account.toUpperCase()) && (!values.role || t.role === values.role),
);
if (values.json) process.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
else for (const t of tokens) process.stdout.write(`${t.accountId.padEnd(8)} ${t.role.padEnd(9)} ${t.userId.padEnd(16)} ${t.token}\n`);
