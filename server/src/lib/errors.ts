/**
 * One error shape for the whole API, the CLI and the importer:
 * a stable machine code, a message in Chinese and English, and the field at fault.
 */
export interface ErrorBody {
  code: string;
  zh: string;
  en: string;
  field?: string;
  details?: unknown;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(en);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, zh: this.zh, en: this.en };
    if (this.field !== undefined) body.field = this.field;
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

export const notFound = (what: { zh: string; en: string }, field?: string) =>
  new AppError(404, 'NOT_FOUND', `${what.zh}不存在`, `${what.en} not found`, field);

export const badRequest = (code: string, zh: string, en: string, field?: string, details?: unknown) =>
  new AppError(400, code, zh, en, field, details);

export const conflict = (code: string, zh: string, en: string, field?: string, details?: unknown) =>
  new AppError(409, code, zh, en, field, details);
