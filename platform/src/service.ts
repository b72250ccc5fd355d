/** What every started service returns, so launchers and tests can compose and stop them. */
export interface Closeable {
  close(): Promise<void>;
}

export interface RunningService extends Closeable {
  name: string;
  url: string;
  port: number;
}

/**
 * Run a process until SIGINT/SIGTERM, then close what `start` returned in reverse order
 * (servers drain before their database goes away). A failed start exits with status 1.
 */
export async function runUntilSignal(name: string, start: () => Promise<Closeable[]>): Promise<void> {
  let parts: Closeable[];
  try {
    parts = await start();
  } catch (err) {
    console.error(JSON.stringify({ level: 'fatal', service: name, msg: 'failed to start', err: String((err as Error)?.stack ?? err) }));
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(JSON.stringify({ level: 'info', service: name, msg: `received ${signal}, shutting down` }));
    for (const part of [...parts].reverse()) {
      try {
        await part.close();
      } catch (err) {
        console.error(JSON.stringify({ level: 'error', service: name, msg: 'error while closing', err: String(err) }));
      }
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
