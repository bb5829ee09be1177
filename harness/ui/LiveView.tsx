// The live terminal view of a run: where it is, how far along, and what the server is doing right now.
import { Box, Text } from 'ink';
import { isCompleted } from '../core/results.js';
import { formatBytes, formatMs, formatPercent, formatRps } from '../render/format-values.js';
import { cellFlags } from '../render/tables.js';
import { ProgressBar } from './ProgressBar.js';
import type { RunState } from './run-state.js';

export interface LiveViewProps {
  readonly state: RunState;
}

const LastResults = ({ state }: LiveViewProps) => (
  <Box flexDirection="column">
    {state.results.slice(-4).map((r) => (
      <Text key={r.id} dimColor>
        {r.id.padEnd(34)} {isCompleted(r) ? `${formatRps(r.rps).padStart(7)} req/s  p99 ${formatMs(r.latencyMs.p99).padStart(9)}${cellFlags(r) ? `  [${cellFlags(r)}]` : ''}` : 'failed'}
      </Text>
    ))}
  </Box>
);

export const LiveView = ({ state }: LiveViewProps) => {
  const { sample, cell } = state;
  const cellFraction = sample ? sample.elapsedSec / sample.durationSec : 0;
  const runFraction = state.totalCells === 0 ? 0 : (state.doneCells + (state.phase === 'measuring' ? Math.min(1, cellFraction) : 0)) / state.totalCells;
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>bench run {state.runId ?? ''}</Text>
      <Text>
        <Text color="cyan">{state.profile ?? '…'}</Text>
        {cell ? ` · ${cell.scenario} · ${cell.connections} connections` : ''}
        {state.repeat ? ` · repeat ${state.repeat.current}/${state.repeat.total}${state.repeat.generator === 'autocannon' ? '' : ` (${state.repeat.generator})`}` : ''} <Text dimColor>({state.phase})</Text>
      </Text>
      <Text>
        cell <ProgressBar fraction={state.phase === 'measuring' ? cellFraction : 0} />
      </Text>
      <Text>
        run  <ProgressBar fraction={runFraction} /> <Text dimColor>{state.doneCells}/{state.totalCells} cells</Text>
      </Text>
      {sample ? (
        <Text>
          {formatRps(sample.rps)} req/s · mean {formatMs(sample.latencyMeanMs)} · max {formatMs(sample.latencyMaxMs)} · errors {sample.errors} · non-2xx {sample.non2xx}
          {sample.rssBytes === undefined ? '' : ` · server ${formatBytes(sample.rssBytes)} RSS`}
          {sample.cpuPercent === undefined ? '' : `, ${formatPercent(sample.cpuPercent)} CPU`}
          {` · generator ${formatPercent(sample.generatorCpuPercent)} CPU`}
        </Text>
      ) : state.phase === 'measuring' || state.phase === 'warming up' ? (
        <Text dimColor>
          {state.repeat && state.repeat.generator !== 'autocannon'
            ? `${state.repeat.generator} is measuring this repeat; its figures come when it ends…`
            : 'waiting for the first second of load…'}
        </Text>
      ) : null}
      <LastResults state={state} />
      {state.note ? <Text dimColor>{state.note}</Text> : null}
      {state.messages.map((message, index) => (
        <Text key={index} color="red">
          ! {message}
        </Text>
      ))}
    </Box>
  );
};
