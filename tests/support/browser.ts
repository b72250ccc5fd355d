/**
 * Debian's Chromium for the browser tests, driven by playwright-core: where it is, the flags it
 * needs on a machine with a closed network, installing it when missing (as root, as CI does), and
 * a headless persistent context in a fresh profile folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  // Without these, Chromium's own background connections are refused by the closed network.
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser tests cannot run here, or undefined when Chromium is there (installed now if it may be). */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.getuid?.() === 0) {
    try {
      execFileSync('bash', ['-c', 'apt-get install -y chromium || (apt-get update && apt-get install -y chromium)'], { stdio: 'ignore' });
    } catch {
      // reported below
    }
    if (existsSync(CHROMIUM)) return undefined;
  }
  return `${CHROMIUM} is missing and could not be installed (apt-get install -y chromium)`;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with its own empty profile, removed on close. */
export async function launchChromium(opts: {
  name: string;
  viewport: { width: number; height: number };
  acceptDownloads?: boolean;
}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), `${opts.name}-chromium-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: opts.viewport,
    ...(opts.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
