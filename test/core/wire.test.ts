// Reading a capture into what a generator's connections got on the wire (core/wire.ts), on synthetic pcap files.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { judgeWire, outsideRepeats, PcapError, readPcap, wireLatencies } from '../../harness/core/wire.js';
import { buildPcap, type FakeSegment, type PcapFormat } from '../fixtures/fake-pcap.js';

const SERVER = 8000;
const request = (timeMs: number, client: number, payloadBytes = 80): FakeSegment => ({ timeMs, from: client, to: SERVER, payloadBytes });
const answer = (timeMs: number, client: number, payloadBytes = 150): FakeSegment => ({ timeMs, from: SERVER, to: client, payloadBytes });
const ack = (timeMs: number, from: number, to: number): FakeSegment => ({ timeMs, from, to, payloadBytes: 0 });
const syn = (timeMs: number, client: number): FakeSegment => ({ timeMs, from: client, to: SERVER, payloadBytes: 0, syn: true });

describe('readPcap', () => {
  const segments = [syn(1000, 50001), request(1000.5, 50001), ack(1000.6, SERVER, 50001), answer(1002.25, 50001)];
  const formats: readonly [string, PcapFormat][] = [
    ['microsecond stamps, little-endian, Ethernet (tcpdump -i lo)', {}],
    ['nanosecond stamps (--time-stamp-precision=nano)', { nano: true }],
    ['a big-endian writer', { bigEndian: true, nano: true }],
    ['Linux cooked frames (tcpdump -i any)', { linkType: 113 }],
    ['raw IP frames', { linkType: 101 }],
    ['IPv6', { ipv6: true }],
  ];
  for (const [name, format] of formats) {
    it(`reads ports, payload and time from ${name}`, () => {
      const read = readPcap(buildPcap(segments, format));
      assert.deepEqual(
        read.map((s) => [s.srcPort, s.dstPort, s.payloadBytes, s.syn]),
        [
          [50001, SERVER, 0, true],
          [50001, SERVER, 80, false],
          [SERVER, 50001, 0, false],
          [SERVER, 50001, 150, false],
        ],
      );
      assert.ok(Math.abs(read[3]!.timeMs - read[1]!.timeMs - 1.75) < 0.002, `${read[3]!.timeMs - read[1]!.timeMs} ms`);
    });
  }

  it('takes the payload from the IP header, not from the bytes kept (tcpdump -s 128 cuts a 64 KiB upload segment)', () => {
    const [big] = readPcap(buildPcap([request(0, 50001, 65_000)], { snapBytes: 96 }));
    assert.equal(big!.payloadBytes, 65_000);
  });

  it('leaves out a last record cut short by the stop', () => {
    const file = buildPcap(segments);
    assert.equal(readPcap(file.subarray(0, file.length - 10)).length, 3);
  });

  it('refuses what is not a pcap file, saying what it found', () => {
    assert.throws(() => readPcap(Buffer.from('0a0d0d0a000000000000000000000000000000000000000000', 'hex')), (error: Error) => error instanceof PcapError && /magic 0xa0d0d0a.*pcapng/.test(error.message));
    assert.throws(() => readPcap(Buffer.alloc(10)), /24-byte header/);
  });
});

describe('wireLatencies', () => {
  const read = (segments: readonly FakeSegment[]) => wireLatencies(readPcap(buildPcap(segments)), SERVER);

  it('times each request from its first segment to the last segment of its answer, per connection', () => {
    const figures = read([
      request(0, 50001),
      request(0.1, 50002),
      ack(0.2, SERVER, 50001),
      answer(2, 50001),
      // A long answer in three segments, the client acknowledging between them.
      answer(5, 50002),
      ack(5.1, 50002, SERVER),
      answer(6, 50002),
      answer(7.1, 50002),
      // The next request closes the answer before it.
      request(8, 50001),
      answer(11, 50001),
      request(9, 50002),
      answer(10, 50002),
    ]);
    assert.equal(figures.answers, 4);
    assert.equal(figures.unanswered, 0);
    assert.deepEqual([figures.latencyMs.min, figures.latencyMs.max].map((v) => Number(v.toFixed(3))), [1, 7]);
    // 1, 2, 3, 7 ms: the p50 is the second, the p99 the last.
    assert.equal(Number(figures.latencyMs.p50.toFixed(3)), 2);
    assert.equal(Number(figures.latencyMs.p99.toFixed(3)), 7);
    assert.equal(Number(figures.latencyMs.mean.toFixed(3)), 3.25);
  });

  it("times an upload from its body's first segment, however many follow", () => {
    const figures = read([request(0, 50001, 65_000), request(0.5, 50001, 65_000), request(1, 50001, 30_000), answer(4, 50001)]);
    assert.equal(figures.answers, 1);
    assert.equal(Number(figures.latencyMs.p50.toFixed(3)), 4);
  });

  it('counts a request with no answer by the end, and one cut off when its port opens a new connection, as unanswered', () => {
    const figures = read([syn(0, 50001), request(1, 50001), syn(50, 50001), request(51, 50001), answer(53, 50001), request(60, 50002)]);
    assert.equal(figures.connections, 2);
    assert.equal(figures.answers, 1);
    assert.equal(figures.unanswered, 2);
    assert.equal(Number(figures.latencyMs.p50.toFixed(3)), 2);
  });

  // gunicorn-eventlet/health@100 at 21:03: autocannon's window ended with a request waiting on each of its 100
  // connections; the server answered them after it had closed them, up to 500 ms late. Counted, they made the
  // wire's p99 409 ms against the 300 autocannon timed.
  it('counts a request whose client closed its connection before the answer as unanswered, and nothing after', () => {
    const figures = read([
      request(0, 50001),
      answer(2, 50001),
      request(3, 50001),
      { timeMs: 10, from: 50001, to: SERVER, payloadBytes: 0, fin: true },
      answer(500, 50001),
      request(0, 50002),
      { timeMs: 20, from: 50002, to: SERVER, payloadBytes: 0, rst: true },
      answer(400, 50002),
    ]);
    assert.equal(figures.answers, 1);
    assert.equal(figures.unanswered, 2);
    assert.equal(Number(figures.latencyMs.max.toFixed(3)), 2);
  });

  it('times an answer that came before its client closed', () => {
    const figures = read([request(0, 50001), answer(5, 50001), { timeMs: 6, from: 50001, to: SERVER, payloadBytes: 0, fin: true }, { timeMs: 6.1, from: SERVER, to: 50001, payloadBytes: 0, fin: true }]);
    assert.equal(figures.answers, 1);
    assert.equal(figures.unanswered, 0);
  });

  it('ignores traffic of other ports and an answer with no request before it', () => {
    const figures = read([{ timeMs: 0, from: 50001, to: 9999, payloadBytes: 80 }, answer(1, 50001), request(2, 50001), answer(3, 50001)]);
    assert.equal(figures.answers, 1);
  });

  it('gives zeros where nothing was answered', () => {
    assert.deepEqual(read([]).latencyMs, { min: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 });
  });
});

describe('outsideRepeats', () => {
  const at = (p50: number, p99: number, rps = 4500) => ({ rps, latencyMs: { min: 0.1, mean: p50, p50, p90: p99, p99, max: p99 } });
  // gunicorn-gevent/health@10, 2026-12-06 20:20: autocannon's repeats over the cell p50 0.19–0.22 ms, p99 19.5–32.8;
  // the repeat under capture p50 2.46, p99 8.14: the server's other order.
  const repeats = [at(0.19, 19.5), at(0.2, 31.6), at(0.22, 32.8)];

  it("names what lies outside the range of the cell's repeats, widened by the latency tolerance", () => {
    assert.equal(outsideRepeats(at(2.46, 8.14), repeats), "the server served the captured repeat otherwise than the cell's repeats (p50 2.46 ms against 0.19 ms–0.22 ms, p99 8.14 ms against 19.50 ms–32.80 ms)");
  });

  it('names a req/s beyond 15% of the range of the repeats', () => {
    assert.equal(outsideRepeats(at(0.2, 25, 3000), repeats), "the server served the captured repeat otherwise than the cell's repeats (req/s 3000 against 4500–4500)");
    assert.equal(outsideRepeats(at(0.2, 25, 3900), repeats), null);
  });

  it('takes a repeat within it, or within the tolerance of its ends', () => {
    assert.equal(outsideRepeats(at(0.21, 25), repeats), null);
    assert.equal(outsideRepeats(at(1.2, 40.9), repeats), null);
    assert.equal(outsideRepeats(at(0.2, 15), []), null);
  });
});

describe('judgeWire', () => {
  const wire = (p50: number, p99: number, answers = 1000) => ({ answers, unanswered: 0, connections: 10, latencyMs: { min: 0.1, mean: p50, p50, p90: p99, p99, max: p99 } });
  const timed = (p50: number, p99: number, requests = 1000) => ({ requests, latencyMs: { min: 0.1, mean: p50, p50, p90: p99, p99, max: p99 } });

  it('agrees within 25% or 1 ms of the wire on p50 and p99', () => {
    // gunicorn-eventlet/health@100 by hand: autocannon p50 0.20 and p99 204, the wire 0.15 and 205.
    assert.equal(judgeWire('autocannon', timed(0.2, 204), wire(0.15, 205), 0, 100).verdict, 'agree');
    assert.equal(judgeWire('autocannon', timed(12, 124), wire(10, 100), 0, 100).verdict, 'agree');
  });

  it('disagrees beyond it, naming the figure', () => {
    const check = judgeWire('autocannon', timed(0.2, 130), wire(0.15, 100), 0, 100);
    assert.equal(check.verdict, 'disagree');
    assert.deepEqual(check.reasons, ['p99 130 ms timed vs 100 ms on the wire (allowed 25.00 ms)']);
  });

  it('cannot judge a capture with dropped segments, or whose answers the generator did not count alike', () => {
    assert.equal(judgeWire('autocannon', timed(1, 2), wire(1, 2), 3, 10).verdict, 'incomplete');
    const missed = judgeWire('autocannon', timed(1, 2, 1000), wire(1, 2, 970), 0, 10);
    assert.equal(missed.verdict, 'incomplete');
    assert.match(missed.reasons[0]!, /970 answers on the wire against 1000 timed/);
    // Up to one in flight per connection at the stop, and its answer: no more apart than twice the connections.
    assert.equal(judgeWire('autocannon', timed(1, 2, 1000), wire(1, 2, 980), 0, 10).verdict, 'agree');
    assert.equal(judgeWire('autocannon', timed(1, 2), wire(1, 2, 0), 0, 10).verdict, 'incomplete');
  });
});
