/** What every started service returns, so launchers and tests can compose and stop them. */
export interface RunningService {
  name: string;
  url: string;
  port: number;
  close(): Promise<void>;
}
