// The filter language's operating error: a FilterParseError names what is wrong and where (a
// character offset into the filter string), and crosses the wire with its stable code.
import { ColonnadeError, type ErrorOptions, registerErrors } from '../errors.js';

export interface FilterParseErrorOptions extends ErrorOptions {
  /** Offset of the offending character in the filter string, from 0. */
  readonly position?: number;
}

/** A filter string that HBase's ParseFilter would refuse (or that breaks one of our limits). */
export class FilterParseError extends ColonnadeError {
  static override readonly code = 'FilterParse';
  /** Offset of the offending character; undefined when the error was rebuilt from the wire. */
  readonly position: number | undefined;

  constructor(message: string, options: FilterParseErrorOptions = {}) {
    super(message, options);
    this.position = options.position;
  }
}

registerErrors(FilterParseError);
