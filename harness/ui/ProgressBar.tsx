import { Text } from 'ink';

export interface ProgressBarProps {
  /** From 0 to 1. */
  readonly fraction: number;
  /** Width in characters. Default: 30. */
  readonly width?: number;
}

export const ProgressBar = ({ fraction, width = 30 }: ProgressBarProps) => {
  const clamped = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(clamped * width);
  return (
    <Text>
      <Text color="green">{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(width - filled)}</Text>
      <Text> {(clamped * 100).toFixed(0).padStart(3)}%</Text>
    </Text>
  );
};
