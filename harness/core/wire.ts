// What a load generator's connections got on the wire: its traffic to the server, captured on loopback by tcpdump
// (a libpcap file), read back into each request's time from its first segment sent to its answer's last segment
// received. The kernel stamps each segment as it passes the loopback device, outside the generator's process: a
// generator that times late (a busy event loop, a parser) or early reads apart from these, while two generators
// that each read their own traffic right differ only where the server served them differently (README item 27).
import type { LatencyMs } from './results.js';
import { LATENCY_TOLERANCE, LATENCY_TOLERANCE_MS, RPS_TOLERANCE } from './agreement.js';

/** One TCP segment as captured: when, which way, and how many bytes of payload it carried. */
export interface Segment {
  /** Capture time in ms (from the file's own clock; only differences are used). */
  readonly timeMs: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payloadBytes: number;
  readonly syn: boolean;
  /** FIN or RST: the sender closes (or drops) the connection. */
  readonly closing?: boolean;
}

export class PcapError extends Error {
  override readonly name = 'PcapError';
}

const PCAP_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
/** Link types (https://www.tcpdump.org/linktypes.html): Linux's loopback is Ethernet; `-i any` gives SLL or SLL2. */
const LINK_NULL = 0;
const LINK_ETHERNET = 1;
const LINK_RAW = 101;
const LINK_LOOP = 108;
const LINK_SLL = 113;
const LINK_SLL2 = 276;
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;
const IP_PROTOCOL_TCP = 6;
const TCP_FIN = 0x01;
const TCP_SYN = 0x02;
const TCP_RST = 0x04;

/** Where the IP packet starts in a frame of this link type, and its version, or null for a frame that is not IP. */
const ipStart = (linkType: number, frame: Buffer, littleEndian: boolean): number | null => {
  const ethertypeAt = (offset: number): number | null => {
    if (frame.length < offset + 2) return null;
    let type = frame.readUInt16BE(offset);
    let start = offset + 2;
    if (type === ETHERTYPE_VLAN && frame.length >= start + 4) {
      type = frame.readUInt16BE(start + 2);
      start += 4;
    }
    return type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6 ? start : null;
  };
  switch (linkType) {
    case LINK_ETHERNET:
      return ethertypeAt(12);
    case LINK_SLL:
      return ethertypeAt(14);
    case LINK_SLL2:
      return frame.length >= 20 && [ETHERTYPE_IPV4, ETHERTYPE_IPV6].includes(frame.readUInt16BE(0)) ? 20 : null;
    case LINK_NULL:
    case LINK_LOOP:
      // A 4-byte address family, in the capturing host's order (NULL) or network order (LOOP): only IP follows.
      return frame.length >= 4 && [2, 10, 24, 28, 30].includes(linkType === LINK_NULL ? (littleEndian ? frame.readUInt32LE(0) : frame.readUInt32BE(0)) : frame.readUInt32BE(0)) ? 4 : null;
    case LINK_RAW:
      return 0;
    default:
      throw new PcapError(`unsupported link type ${linkType}`);
  }
};

/** The TCP segment in an IP packet at `start`, or null for another protocol or a frame cut before the TCP header. */
const tcpSegment = (frame: Buffer, start: number, timeMs: number): Segment | null => {
  if (frame.length < start + 1) return null;
  const version = frame[start]! >> 4;
  let tcpAt: number;
  let ipPayloadBytes: number;
  if (version === 4) {
    if (frame.length < start + 20 || frame[start + 9] !== IP_PROTOCOL_TCP) return null;
    const headerBytes = (frame[start]! & 0x0f) * 4;
    tcpAt = start + headerBytes;
    ipPayloadBytes = frame.readUInt16BE(start + 2) - headerBytes;
  } else if (version === 6) {
    // Extension headers are not followed: bench's traffic on loopback carries none.
    if (frame.length < start + 40 || frame[start + 6] !== IP_PROTOCOL_TCP) return null;
    tcpAt = start + 40;
    ipPayloadBytes = frame.readUInt16BE(start + 4);
  } else {
    return null;
  }
  if (frame.length < tcpAt + 14) return null;
  const tcpHeaderBytes = (frame[tcpAt + 12]! >> 4) * 4;
  return {
    timeMs,
    srcPort: frame.readUInt16BE(tcpAt),
    dstPort: frame.readUInt16BE(tcpAt + 2),
    // From the IP header's lengths: the capture keeps only the first bytes of each frame (tcpdump -s).
    payloadBytes: Math.max(0, ipPayloadBytes - tcpHeaderBytes),
    syn: (frame[tcpAt + 13]! & TCP_SYN) !== 0,
    closing: (frame[tcpAt + 13]! & (TCP_FIN | TCP_RST)) !== 0,
  };
};

/** The TCP segments of a classic libpcap file (microsecond or nanosecond stamps, either byte order), in order. */
export const readPcap = (file: Buffer): Segment[] => {
  if (file.length < PCAP_HEADER_BYTES) throw new PcapError(`a pcap file has a ${PCAP_HEADER_BYTES}-byte header; this one has ${file.length} bytes`);
  const magic = file.readUInt32LE(0);
  const formats: Record<number, { littleEndian: boolean; nano: boolean }> = {
    0xa1b2c3d4: { littleEndian: true, nano: false },
    0xa1b23c4d: { littleEndian: true, nano: true },
    0xd4c3b2a1: { littleEndian: false, nano: false },
    0x4d3cb2a1: { littleEndian: false, nano: true },
  };
  const format = formats[magic];
  if (!format) throw new PcapError(`not a pcap file (magic 0x${magic.toString(16)}; pcapng is not read)`);
  const u32 = (offset: number): number => (format.littleEndian ? file.readUInt32LE(offset) : file.readUInt32BE(offset));
  const linkType = u32(20) & 0x0fffffff;
  const segments: Segment[] = [];
  let offset = PCAP_HEADER_BYTES;
  // A capture stopped by a signal may end in a partly written record: it is left out.
  while (offset + RECORD_HEADER_BYTES <= file.length) {
    const seconds = u32(offset);
    const fraction = u32(offset + 4);
    const captured = u32(offset + 8);
    const start = offset + RECORD_HEADER_BYTES;
    if (start + captured > file.length) break;
    const frame = file.subarray(start, start + captured);
    const timeMs = seconds * 1000 + (format.nano ? fraction / 1e6 : fraction / 1e3);
    const ip = ipStart(linkType, frame, format.littleEndian);
    const segment = ip === null ? null : tcpSegment(frame, ip, timeMs);
    if (segment) segments.push(segment);
    offset = start + captured;
  }
  return segments;
};

/** A generator's traffic on the wire, read into requests and their answers. */
export interface WireFigures {
  /** Requests answered: a request's first segment, then at least one segment of answer. */
  readonly answers: number;
  /** Requests sent and never answered before the capture ended, their client closed the connection (a generator
   * stopping at the end of its window: an answer after that reached no client) or their port was opened again. */
  readonly unanswered: number;
  /** Connections opened (SYN from the client) during the capture. */
  readonly connections: number;
  /** From each request's first segment sent to its answer's last segment, before the connection's next request. */
  readonly latencyMs: LatencyMs;
}

interface ConnectionState {
  requestAt: number | null;
  answerEndAt: number | null;
  /** The client closed it: what the server sends after reached no one. */
  closedByClient: boolean;
}

/** The value at percentile `p` of sorted values: the smallest with at least p% of them at or below it (as an HDR
 * histogram reads it). */
const atPercentile = (sorted: readonly number[], p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Pairs each request with its answer, per connection (the client's port), for a server on `serverPort`. One
 * request at a time per connection (HTTP/1.1 without pipelining, as bench's generators send): a request's later
 * segments (an upload's body) and an answer's later segments extend them; the next request closes the answer. */
export const wireLatencies = (segments: readonly Segment[], serverPort: number): WireFigures => {
  const open = new Map<number, ConnectionState>();
  const latencies: number[] = [];
  let unanswered = 0;
  let connections = 0;
  const close = (state: ConnectionState | undefined): void => {
    if (!state || state.requestAt === null) return;
    if (state.answerEndAt === null) unanswered += 1;
    else latencies.push(state.answerEndAt - state.requestAt);
    state.requestAt = null;
    state.answerEndAt = null;
  };
  for (const segment of segments) {
    const fromClient = segment.dstPort === serverPort;
    if (!fromClient && segment.srcPort !== serverPort) continue;
    const clientPort = fromClient ? segment.srcPort : segment.dstPort;
    if (fromClient && segment.syn) {
      // A new connection on this port: whatever the last one left is closed.
      close(open.get(clientPort));
      open.set(clientPort, { requestAt: null, answerEndAt: null, closedByClient: false });
      connections += 1;
      continue;
    }
    let state = open.get(clientPort);
    if (!state) {
      // Opened before the capture began.
      state = { requestAt: null, answerEndAt: null, closedByClient: false };
      open.set(clientPort, state);
    }
    if (state.closedByClient) continue;
    if (segment.payloadBytes > 0) {
      if (fromClient) {
        if (state.answerEndAt !== null) close(state);
        state.requestAt ??= segment.timeMs;
      } else if (state.requestAt !== null) {
        state.answerEndAt = segment.timeMs;
      }
    }
    if (fromClient && segment.closing === true) {
      // The generator's window ended (or it gave up on the request): an answer still to come is not one it got.
      close(state);
      state.closedByClient = true;
    }
  }
  for (const state of open.values()) close(state);
  latencies.sort((a, b) => a - b);
  const latencyMs: LatencyMs =
    latencies.length === 0
      ? { min: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 }
      : {
          min: latencies[0]!,
          mean: latencies.reduce((sum, value) => sum + value, 0) / latencies.length,
          p50: atPercentile(latencies, 50),
          p90: atPercentile(latencies, 90),
          p99: atPercentile(latencies, 99),
          max: latencies[latencies.length - 1]!,
        };
  return { answers: latencies.length, unanswered, connections, latencyMs };
};

/** Repeats measured under capture per generator, at most, to get one that stands for the cell's (see outsideRepeats):
 * the servers whose order of service flips with the client's pace can meet the other order in any one repeat. */
export const WIRE_TRIES = 3;

/** What a generator timed over the repeat it ran under capture. */
export interface TimedFigures {
  readonly requests: number;
  readonly latencyMs: LatencyMs;
}

/** A generator's own timing against its traffic on the wire, over one repeat measured under capture. */
export interface WireCheck {
  readonly generator: string;
  readonly timed: TimedFigures;
  readonly wire: WireFigures;
  /** Segments the kernel dropped before tcpdump read them (a capture with any is incomplete). */
  readonly dropped: number;
  /** The repeats measured under capture to get this one (see outsideRepeats); absent where 1. */
  readonly tries?: number;
  /** agree: p50 and p99 within the cross-check's latency tolerance of the wire's. disagree: beyond it.
   * incomplete: the capture cannot judge (segments dropped, answers on the wire and answers timed apart by more
   * than the requests that can be in flight at the end, or the server serving the repeat under capture otherwise than
   * the cell's repeats: see outsideRepeats). */
  readonly verdict: 'agree' | 'disagree' | 'incomplete';
  /** Why it disagrees or is incomplete, in words. */
  readonly reasons: readonly string[];
}

const allowedMs = (wireMs: number): number => Math.max(LATENCY_TOLERANCE * wireMs, LATENCY_TOLERANCE_MS);
const ms = (value: number): string => `${value.toFixed(value >= 100 ? 0 : 2)} ms`;

/** A repeat's req/s and latency, as outsideRepeats compares them. */
export interface RepeatFigures {
  readonly rps: number;
  readonly latencyMs: LatencyMs;
}

/** Why a repeat measured under capture does not stand for the cell's repeats, or null where it does: its req/s, p50
 * or p99 outside the range of the generator's own repeats over the cell, widened by the tolerance (15% for req/s,
 * 25% or 1 ms for latency). On the servers
 * whose order of service flips with the client's pace (README item 15), one repeat can meet the other order
 * (gunicorn-gevent/health@10: autocannon's p50 0.20 ms over the cell's repeats, 2.46 under capture); the timing is
 * to be checked in the state the cell's figures come from. */
export const outsideRepeats = (timed: RepeatFigures, repeats: readonly RepeatFigures[]): string | null => {
  if (repeats.length === 0) return null;
  const range = (values: readonly number[]): [number, number] => [Math.min(...values), Math.max(...values)];
  const [lowRps, highRps] = range(repeats.map((repeat) => repeat.rps));
  const rps = timed.rps < lowRps * (1 - RPS_TOLERANCE) || timed.rps > highRps * (1 + RPS_TOLERANCE) ? [`req/s ${timed.rps.toFixed(0)} against ${lowRps.toFixed(0)}–${highRps.toFixed(0)}`] : [];
  const outside = [
    ...rps,
    ...(['p50', 'p99'] as const).flatMap((key) => {
      const [low, high] = range(repeats.map((repeat) => repeat.latencyMs[key]));
      return timed.latencyMs[key] < low - allowedMs(low) || timed.latencyMs[key] > high + allowedMs(high) ? [`${key} ${ms(timed.latencyMs[key])} against ${ms(low)}–${ms(high)}`] : [];
    }),
  ];
  return outside.length === 0 ? null : `the server served the captured repeat otherwise than the cell's repeats (${outside.join(', ')})`;
};

/** Judges a generator's timing against the wire, by the cross-check's own latency rule (25% or 1 ms). The counts
 * must match first: the wire's answers and the generator's, apart by at most the requests in flight when it stopped
 * (one per connection) and the answers that came after (as many again), else the capture missed some; and the
 * repeat must stand for the cell's (`outside`, from outsideRepeats, null where it does). */
export const judgeWire = (generator: string, timed: TimedFigures, wire: WireFigures, dropped: number, connections: number, outside: string | null = null, tries = 1): WireCheck => {
  const incomplete: string[] = outside === null ? [] : [outside];
  if (dropped > 0) incomplete.push(`the kernel dropped ${dropped} segments before tcpdump read them`);
  if (wire.answers === 0) incomplete.push('no answer on the wire');
  else if (Math.abs(wire.answers - timed.requests) > 2 * connections) incomplete.push(`${wire.answers} answers on the wire against ${timed.requests} timed`);
  const attempts = tries > 1 ? { tries } : {};
  if (incomplete.length > 0) return { generator, timed, wire, dropped, ...attempts, verdict: 'incomplete', reasons: incomplete };
  const reasons = (['p50', 'p99'] as const).flatMap((key) => {
    const [own, onWire] = [timed.latencyMs[key], wire.latencyMs[key]];
    return Math.abs(own - onWire) <= allowedMs(onWire) ? [] : [`${key} ${ms(own)} timed vs ${ms(onWire)} on the wire (allowed ${ms(allowedMs(onWire))})`];
  });
  return { generator, timed, wire, dropped, ...attempts, verdict: reasons.length === 0 ? 'agree' : 'disagree', reasons };
};
