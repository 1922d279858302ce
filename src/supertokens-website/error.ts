/** The backend answered `{ status: "GENERAL_ERROR", message }`: a message meant for the user. */
export class STGeneralError extends Error {
  isSuperTokensGeneralError = true;
  constructor(message: string) {
    super(message);
    this.name = 'STGeneralError';
  }
  static isThisError(error: unknown): error is STGeneralError {
    return (error as { isSuperTokensGeneralError?: unknown } | null)?.isSuperTokensGeneralError === true;
  }
}
