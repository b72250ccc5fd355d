/** The gateway's per-request context: the verified viewer and the request's trace identity. */
import type { Viewer } from '@portal/platform/auth';
import type { TraceContext } from '@portal/platform/trace';

export interface GatewayContext {
  viewer: Viewer;
  correlationId: string;
  trace: TraceContext;
}
