/** Remove a test run's JetStream stream (each test stack on a shared NATS server has its own). */
import { connect } from 'nats';

export async function deleteNatsStream(servers: string, stream: string): Promise<void> {
  const nc = await connect({ servers });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream).catch((err: unknown) => {
      if (!/not found/i.test((err as Error).message)) throw err;
    });
  } finally {
    await nc.close();
  }
}
