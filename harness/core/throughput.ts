// Requests per second of a closed loop, from each connection's own pace: pure.
//
// Counting the answers that arrive in a window and dividing by the window reads low wherever a request takes a
// noticeable part of the window: the request each connection still has in flight when the window closes is lost.
// Ten connections on a 100 ms handler, all sending at once, get 29 answers each in a 3 s window (the 30th would
// come just after it closes): 96.7 req/s where the pace is 100. Up to one request per connection per window.
// Measured between a connection's first and last answers instead, each of its cycles is whole:
// (answers − 1) ÷ (last − first), summed over connections. That also leaves out each connection's first cycle,
// the one shaped by the start from quiet.

export interface ConnectionPace {
  /** Answers this connection received in the window. */
  readonly answers: number;
  /** When its first and last answers arrived, in ms on any one clock. */
  readonly firstMs: number;
  readonly lastMs: number;
}

export interface Throughput {
  readonly rps: number;
  /** per-connection: from each connection's pace; window: answers ÷ window (a connection had fewer than two). */
  readonly method: 'per-connection' | 'window';
}

export const closedLoopRps = (connections: readonly ConnectionPace[], answers: number, windowSec: number): Throughput => {
  const window: Throughput = { rps: windowSec > 0 ? answers / windowSec : 0, method: 'window' };
  const answering = connections.filter((connection) => connection.answers > 0);
  // A connection with a single answer has no whole cycle to time: then the window is all there is.
  if (answering.length === 0 || answering.some((connection) => connection.answers < 2 || connection.lastMs <= connection.firstMs)) return window;
  const rps = answering.reduce((sum, connection) => sum + ((connection.answers - 1) * 1000) / (connection.lastMs - connection.firstMs), 0);
  return { rps, method: 'per-connection' };
};
