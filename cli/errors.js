// @ts-check
/** The CLI's errors, each with the exit code it ends the process with (documented in docs/cli.md). */

export const EXIT = Object.freeze({ ok: 0, failure: 1, usage: 2, partial: 3, auth: 4, interrupted: 130 });

/** Something went wrong that the user should read about: exit 1. */
export class CliError extends Error {
  /** @param {string} message @param {{ code?: string, exitCode?: number }} [options] */
  constructor(message, options = {}) {
    super(message);
    this.name = 'CliError';
    this.code = options.code ?? 'failed';
    this.exitCode = options.exitCode ?? EXIT.failure;
  }
}

/** Wrong command line: exit 2, with the help of the command in question. */
export class UsageError extends CliError {
  /** @param {string} message @param {string} [command] */
  constructor(message, command) {
    super(message, { code: 'usage', exitCode: EXIT.usage });
    this.command = command;
  }
}

/** No token, or the API refused it: exit 4. */
export class AuthError extends CliError {
  /** @param {string} message */
  constructor(message) {
    super(message, { code: 'unauthorized', exitCode: EXIT.auth });
  }
}

/** The API answered an error (its own words in `message`): exit 1. */
export class ApiError extends CliError {
  /** @param {number} status @param {string} code @param {string} message @param {Record<string, unknown>} [details] */
  constructor(status, code, message, details) {
    super(message, { code });
    this.status = status;
    this.details = details;
  }
}
