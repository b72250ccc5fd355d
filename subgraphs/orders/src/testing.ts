/** What the repository's tests use of the orders subgraph's internals (not part of its API). */
export { entities } from './entities/index.js';
export { migrations } from './migrations/index.js';
export {
  appendTimeline,
  appendTimelines,
  decodeCursor,
  lockAccountTimelineAndRead,
  notifyTimeline,
  publishTimeline,
  startTimelineWorkers,
  timelineRead,
  type TimelineReadRows,
} from './timeline.js';
export { TimelineFanout, type TimelineDelivery } from './timeline-fanout.js';
export { submitCart } from './submit.js';
export type { OrdersDeps } from './deps.js';
export { applyErpOrderState } from './order-state.js';
export { applyAcknowledgement } from './order-acknowledgement.js';
export { orderFeed } from './erp/order-feed.js';
