// Bad input from the user: reported in one line with exit code 2, never with a stack trace.

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
