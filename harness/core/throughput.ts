// Requests per second of a closed loop, from each connection's own pace: pure.
//
// Counting the answers that arrive in a window and dividing by the window reads low wherever a request takes a
// noticeable part of the window: the request each connection still has in flight when the window closes is lost.
// Ten connections on a 100 ms handler, all sending at once, get 29 answers each in a 3 s window (the 30th would
// come just after it closes): 96.7 req/s where the pace is 100. Up to one request per connection per window.
// Measured between a connection's first and last answers instead, each of its cycles is whole:
// (answers − 1) ÷ (last − first), summed over connections. That also leaves out each connection's first cycle,
// the one shaped by the start from quiet. It holds only for connections that answered all through the window.

export interface ConnectionPace {
  /** Answers this connection received in the window. */
  readonly answers: number;
  /** When its first and last answers arrived, in ms on the window's clock. */
  readonly firstMs: number;
  readonly lastMs: number;
}

export interface Throughput {
  readonly rps: number;
  /** per-connection: every answering connection at its own pace; window: answers ÷ window; mixed: the pace of the
   * connections that answered all through the window, answers ÷ window for the others. */
  readonly method: 'per-connection' | 'window' | 'mixed';
}

/** The measured window, on the same clock as the connections' answers. */
export interface Window {
  readonly startMs: number;
  readonly endMs: number;
}

/** A connection's pace stands for the whole window only if it answered from near the start to near the end:
 * its first answer at most this many of its own cycles after the start, its last at most as many before the end. */
export const STEADY_CYCLES = 2;

/**
 * A connection that stopped answering partway (its worker recycled under it and its reconnections failed) has a
 * fast pace over a short span: summed as if it had run all window, it read gunicorn-uvicorn/health@10 at 10,741
 * req/s where 2,660 answers came per second. Such a connection counts its answers ÷ window instead.
 */
const isSteady = (connection: ConnectionPace, window: Window): boolean => {
  if (connection.answers < 2 || connection.lastMs <= connection.firstMs) return false;
  const cycleMs = (connection.lastMs - connection.firstMs) / (connection.answers - 1);
  return connection.firstMs - window.startMs <= STEADY_CYCLES * cycleMs && window.endMs - connection.lastMs <= STEADY_CYCLES * cycleMs;
};

/**
 * When this share of the answering connections got a single answer, the window is shorter than two of their cycles:
 * a queue deeper than the window (100 connections on a one-thread server taking 200 ms a request: each waits 20 s,
 * a 30 s window gives half of them one answer and half two). The connections' paces then say little, and counting
 * the single-answer ones as answers ÷ window reads low (4.17 req/s where the server answered 5 a second, steadily,
 * from the start to the end of the window). A server with such a queue is busy all window, so answers ÷ window is
 * what it did, short of the few requests in service when the window closes.
 */
export const SINGLE_ANSWER_SHARE = 0.1;

export const closedLoopRps = (connections: readonly ConnectionPace[], answers: number, window: Window): Throughput => {
  const windowSec = (window.endMs - window.startMs) / 1000;
  if (windowSec <= 0) return { rps: 0, method: 'window' };
  const answeringCount = connections.filter((connection) => connection.answers > 0).length;
  const singles = connections.filter((connection) => connection.answers === 1).length;
  if (singles > 0 && singles >= SINGLE_ANSWER_SHARE * answeringCount) return { rps: answers / windowSec, method: 'window' };
  const steady = connections.filter((connection) => isSteady(connection, window));
  const steadySet = new Set(steady);
  if (steady.length === 0) return { rps: answers / windowSec, method: 'window' };
  const paced = steady.reduce((sum, connection) => sum + ((connection.answers - 1) * 1000) / (connection.lastMs - connection.firstMs), 0);
  // The others (fewer than two answers, or stopped partway) count their answers ÷ window.
  const rest = connections.filter((connection) => !steadySet.has(connection)).reduce((sum, connection) => sum + connection.answers, 0) / windowSec;
  return { rps: paced + rest, method: steady.length === answeringCount ? 'per-connection' : 'mixed' };
};
