import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { badRequest } from '../errors/app-error';

/** An element with its namespace resolved: documents may bind any prefix to a namespace, so names are compared by URI. */
export interface XmlElement {
  readonly uri: string;
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (its text nodes joined), trimmed. */
  readonly text: string;
}

/** Deepest element nesting accepted: the exchange documents need about ten levels. */
export const MAX_XML_DEPTH = 32;

/** fast-xml-parser's and builder's node form with `preserveOrder`: one key per node, attributes under ':@'. */
type OrderedNode = Record<string, unknown>;

const ATTRIBUTES = ':@';
const TEXT = '#text';
const COMMENT = '#comment';

const options = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // XML's own entities and character references only; a document type (and so any entity it defines) is refused first.
  processEntities: true,
  htmlEntities: true,
  maxNestedTags: MAX_XML_DEPTH,
} as const;

const DOCTYPE = /<!DOCTYPE/i;

/**
 * Parses an XML document into a namespace-resolved tree. Refuses, as 400 with its own code: a document type
 * declaration (`XML_DOCTYPE_REFUSED`: entity definitions are how XML bombs and external-entity reads work, and
 * no exchange document needs one), malformed XML, more than one root, unbound prefixes and deeper nesting than
 * `MAX_XML_DEPTH` (`XML_MALFORMED`, with line and column where the validator gives them).
 */
export function parseXml(xml: string): XmlElement {
  if (DOCTYPE.test(xml))
    throw badRequest(
      'XML_DOCTYPE_REFUSED',
      'the document has a document type declaration (<!DOCTYPE ...>); send it without one',
    );
  const checked = XMLValidator.validate(xml);
  if (checked !== true) {
    const { msg, line, col } = checked.err;
    throw badRequest('XML_MALFORMED', `not well-formed XML at line ${line}, column ${col}: ${msg}`, {
      line,
      column: col,
    });
  }
  let nodes: OrderedNode[];
  try {
    nodes = new XMLParser(options).parse(xml) as OrderedNode[];
  } catch (err) {
    throw badRequest('XML_MALFORMED', `the XML cannot be read: ${(err as Error).message}`);
  }
  const roots = nodes.filter((node) => elementName(node) !== undefined && !elementName(node)!.startsWith('?'));
  if (roots.length !== 1)
    throw badRequest('XML_MALFORMED', `an XML document has exactly one root element; this one has ${roots.length}`);
  return resolve(roots[0]!, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
}

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ATTRIBUTES && key !== TEXT && key !== COMMENT);
}

function resolve(node: OrderedNode, inScope: ReadonlyMap<string, string>): XmlElement {
  const qname = elementName(node)!;
  const attributes = (node[ATTRIBUTES] ?? {}) as Record<string, string>;
  const scope = new Map(inScope);
  for (const [attribute, value] of Object.entries(attributes)) {
    if (attribute === 'xmlns') scope.set('', value);
    else if (attribute.startsWith('xmlns:')) scope.set(attribute.slice('xmlns:'.length), value);
  }
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const uri = scope.get(prefix);
  if (uri === undefined && prefix !== '')
    throw badRequest(
      'XML_MALFORMED',
      `element <${qname}> uses the prefix '${prefix}', which no xmlns:${prefix} declares`,
    );
  const content = node[qname] as OrderedNode[];
  const children: XmlElement[] = [];
  const texts: string[] = [];
  for (const child of content) {
    if (TEXT in child) texts.push(String(child[TEXT]));
    else if (elementName(child) !== undefined) children.push(resolve(child, scope));
  }
  return { uri: uri ?? '', name: qname.slice(colon + 1), attributes, children, text: texts.join('').trim() };
}

/** A node to build: an element (qualified name, attributes, content), a text or a comment. */
export type XmlNode = OrderedNode;

export const element = (qname: string, content: readonly XmlNode[], attributes?: Record<string, string>): XmlNode =>
  attributes ? { [qname]: content, [ATTRIBUTES]: attributes } : { [qname]: content };
export const text = (value: string): XmlNode => ({ [TEXT]: value });
export const comment = (value: string): XmlNode => ({ [COMMENT]: [{ [TEXT]: ` ${value} ` }] });

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  commentPropName: COMMENT,
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});

/** The document as UTF-8 XML text with its declaration; text and attribute values are escaped by the builder. */
export function buildXml(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${(builder.build([root]) as string).trimStart()}`;
}
