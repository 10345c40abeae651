import { canonicalJson } from './canonical-json';
import { ErrorCodes, type ErrorCode, type ErrorFacts, type SceneError } from './errors';

/**
 * A chaincode error as it travels: the contract fails a transaction with an Error whose message is canonical
 * JSON `{"code":…,"facts":{…},"message":…}`. fabric-shim makes that message the chaincode Response's message; a
 * peer and its gateway hand it to the client inside a longer text (`chaincode response 500, {…}`, or
 * `evaluate call to endorser returned error: chaincode response 500, {…}`), so the client finds the object in
 * the text rather than parsing the text.
 */
export interface ChaincodeErrorBody {
  readonly code: ErrorCode;
  /** The error's text, without the code. */
  readonly message: string;
  readonly facts: ErrorFacts;
}

/** The message a failing transaction answers with: canonical JSON of code, facts and message. */
export function encodeChaincodeError(error: SceneError): string {
  try {
    return canonicalJson({ code: error.code, facts: error.facts, message: error.text });
  } catch {
    // Facts canonical JSON refuses (a non-finite number, a class instance) are the raiser's defect; the client
    // still gets the code and the text.
    return canonicalJson({ code: error.code, facts: {}, message: error.text });
  }
}

/** Canonical JSON sorts `code` first and has no whitespace, so every encoded error starts with this. */
const OBJECT_START = '{"code":';

/**
 * How many candidate starts a text is searched at. A well-formed encoding never holds the start sequence
 * inside itself (quotes in strings are escaped), so one or two suffice; the bound keeps a hostile text linear.
 */
const MAX_CANDIDATES = 4;

/**
 * The chaincode error inside a peer's or gateway's message, or undefined if the text holds none. Accepts the
 * bare JSON and the JSON after any prefix (or before any suffix); takes the first object that is exactly
 * `{ code: <a kit error code>, facts: <object>, message: <string> }`.
 */
export function decodeChaincodeError(text: string): ChaincodeErrorBody | undefined {
  if (typeof text !== 'string') return undefined;
  let from = 0;
  for (let candidate = 0; candidate < MAX_CANDIDATES; candidate++) {
    const start = text.indexOf(OBJECT_START, from);
    if (start < 0) return undefined;
    const end = endOfObject(text, start);
    if (end < 0) return undefined; // the object runs to the end of the text unclosed: truncated
    const decoded = shapeOf(parseJson(text.slice(start, end + 1)));
    if (decoded) return decoded;
    from = start + 1;
  }
  return undefined;
}

/** Index of the `}` closing the JSON object that opens at `start` (strings and escapes skipped), or -1. */
function endOfObject(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === BACKSLASH) index++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) inString = true;
    else if (char === OPEN_BRACE || char === OPEN_BRACKET) depth++;
    else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return char === CLOSE_BRACE ? index : -1;
    }
  }
  return -1;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function shapeOf(value: unknown): ChaincodeErrorBody | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 3) return undefined;
  const { code, facts, message } = value;
  if (typeof code !== 'string' || !(ErrorCodes as readonly string[]).includes(code)) return undefined;
  if (typeof message !== 'string' || !isPlainObject(facts)) return undefined;
  return { code: code as ErrorCode, message, facts };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
