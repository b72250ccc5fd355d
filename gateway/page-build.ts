/**
 * The gateway's static pages (GraphiQL, the reports page) are built the same way: vite bundles a
 * page folder into `dist/`, stamped with a hash of its inputs so an up-to-date bundle is not built
 * again, built beside `dist/` and swapped in so a running gateway never serves a half-written one.
 * Each page's build.ts says which files are its inputs and how vite bundles it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { BuildEnvironmentOptions, InlineConfig } from 'vite';

const STAMP = '.inputs-sha256';

export interface StaticPage {
  /** Where the bundle is served from. */
  dist: string;
  upToDate(): boolean;
  /** Builds unless `dist/` is up to date; returns whether it built. */
  build(opts?: { force?: boolean; log?: (msg: string) => void }): Promise<boolean>;
}

export function staticPage(page: {
  /** The page's folder (its index.html, main.ts, …). */
  dir: string;
  /** The repository root (input paths are hashed relative to it). */
  root: string;
  /** URL path the gateway serves the page under, e.g. `/graphiql/`. */
  base: string;
  /** What the page is called in progress lines. */
  label: string;
  /** Files besides the page folder's own that the bundle is made from. */
  extraInputs: () => string[];
  /** vite build options besides the output folder. */
  build?: BuildEnvironmentOptions;
  vite?: Pick<InlineConfig, 'worker'>;
}): StaticPage {
  const dist = join(page.dir, 'dist');
  const inputFiles = () =>
    [
      ...readdirSync(page.dir, { withFileTypes: true })
        .filter((e) => e.isFile() && e.name !== 'tsconfig.json')
        .map((e) => join(page.dir, e.name)),
      ...page.extraInputs(),
    ].sort();
  const inputsHash = () => {
    const hash = createHash('sha256');
    for (const file of inputFiles()) {
      hash.update(relative(page.root, file)).update('\0');
      if (existsSync(file)) hash.update(readFileSync(file));
      hash.update('\0');
    }
    return hash.digest('hex');
  };
  const upToDate = () => {
    const stamp = join(dist, STAMP);
    return existsSync(join(dist, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === inputsHash();
  };
  return {
    dist,
    upToDate,
    async build(opts = {}) {
      if (!opts.force && upToDate()) return false;
      const log = opts.log ?? (() => {});
      log(`building ${page.label} (${relative(page.root, page.dir)} → dist)`);
      const hash = inputsHash();
      const out = join(page.dir, `dist.tmp-${process.pid}`);
      rmSync(out, { recursive: true, force: true });
      const { build } = await import('vite');
      // vite sets NODE_ENV=production when it is unset; whoever called us keeps its own environment.
      const nodeEnv = process.env.NODE_ENV;
      await build({
        configFile: false,
        root: page.dir,
        base: page.base,
        logLevel: 'warn',
        build: { ...page.build, outDir: out, emptyOutDir: true, reportCompressedSize: false },
        ...page.vite,
      }).finally(() => {
        if (nodeEnv === undefined) delete process.env.NODE_ENV;
        else process.env.NODE_ENV = nodeEnv;
      });
      writeFileSync(join(out, STAMP), hash);
      rmSync(dist, { recursive: true, force: true });
      renameSync(out, dist);
      log(`${page.label} built`);
      return true;
    },
  };
}
