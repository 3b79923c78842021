/** An error the user can fix (bad flag, bad config): printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
