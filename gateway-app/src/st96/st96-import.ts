import { applicationRequest, MAX_APPLICATIONS_PER_CALL, type ApplicationToFile } from '@scenechain/patents';
import type { z } from 'zod';
import { badRequest } from '../errors/app-error';
import type { ApiErrorCode } from '../errors/error-codes';
import {
  EXCHANGE_ELEMENTS,
  EXCHANGE_NS,
  PREFIXES,
  ST96_COMMON_ELEMENTS,
  ST96_COMMON_NS,
  ST96_PATENT_ELEMENTS,
  ST96_PATENT_NS,
} from './st96-names';
import { parseXml, type XmlElement } from './xml-tree';

/** An element and the path that names it in errors, e.g. `sce:PatentExchange/sce:Application[2]/pat:PatentPublication`. */
interface Located {
  readonly element: XmlElement;
  readonly path: string;
}

const qualified = (uri: string, name: string): string => `${PREFIXES[uri] ?? `{${uri}}`}:${name}`;

function fault(code: ApiErrorCode, path: string, problem: string): Error {
  return badRequest(code, `${path}: ${problem}`, { element: path });
}

/** The children of an element named `name`, each with its path (indexed when the name repeats). */
function childrenNamed(parent: Located, uri: string, name: string): Located[] {
  const found = parent.element.children.filter((child) => child.uri === uri && child.name === name);
  const base = `${parent.path}/${qualified(uri, name)}`;
  return found.map((element, i) => ({ element, path: found.length > 1 ? `${base}[${i + 1}]` : base }));
}

function optional(parent: Located, uri: string, name: string): Located | undefined {
  const found = childrenNamed(parent, uri, name);
  if (found.length > 1)
    throw fault(
      'ST96_UNEXPECTED_ELEMENT',
      found[1]!.path,
      `one ${qualified(uri, name)} expected, found ${found.length}`,
    );
  return found[0];
}

function required(parent: Located, uri: string, name: string, why = ''): Located {
  const found = optional(parent, uri, name);
  if (!found) throw fault('ST96_MISSING_ELEMENT', `${parent.path}/${qualified(uri, name)}`, `required${why}`);
  return found;
}

/** Every element is one the standard (or the envelope) names, so a misspelt or foreign element is refused by name. */
function checkNames(located: Located): void {
  const { element } = located;
  const known =
    element.uri === ST96_PATENT_NS
      ? ST96_PATENT_ELEMENTS
      : element.uri === ST96_COMMON_NS
        ? ST96_COMMON_ELEMENTS
        : element.uri === EXCHANGE_NS
          ? EXCHANGE_ELEMENTS
          : undefined;
  if (!known?.has(element.name)) {
    const where = element.uri ? `namespace ${element.uri}` : 'no namespace';
    throw fault('ST96_UNEXPECTED_ELEMENT', located.path, `not an ST.96 or exchange element (${where})`);
  }
  const seen = new Map<string, number>();
  for (const child of element.children) {
    const name = qualified(child.uri, child.name);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    const repeated = element.children.filter((c) => c.uri === child.uri && c.name === child.name).length > 1;
    checkNames({ element: child, path: `${located.path}/${name}${repeated ? `[${n}]` : ''}` });
  }
}

/** A value checked by the chaincode's own field schema, refused with the element that held it. */
function valueOf<T>(schema: z.ZodType<T>, located: Located, value: string = located.element.text): T {
  const checked = schema.safeParse(value);
  if (checked.success) return checked.data;
  const reason = checked.error.issues[0]?.message ?? 'invalid';
  throw fault('ST96_INVALID_VALUE', located.path, `'${value.slice(0, 80)}' is not accepted: ${reason}`);
}

const fields = applicationRequest.shape;

/** The applicant's name: ST.96 allows an organisation's standard name, an entity name or a person's full name. */
function applicantName(applicant: Located): string {
  const contact =
    optional(applicant, ST96_COMMON_NS, 'Contact') ?? required(applicant, ST96_COMMON_NS, 'PublicationContact');
  const name = required(contact, ST96_COMMON_NS, 'Name');
  const entity = optional(name, ST96_COMMON_NS, 'EntityName');
  if (entity) return valueOf(fields.applicantName, entity);
  const organisation = optional(name, ST96_COMMON_NS, 'OrganizationName');
  if (organisation)
    return valueOf(fields.applicantName, required(organisation, ST96_COMMON_NS, 'OrganizationStandardName'));
  const person = optional(name, ST96_COMMON_NS, 'PersonName');
  if (person) return valueOf(fields.applicantName, required(person, ST96_COMMON_NS, 'PersonFullName'));
  throw fault('ST96_MISSING_ELEMENT', `${name.path}/com:EntityName`, 'the applicant needs a name');
}

/** An IPCR symbol from its text, or from its parts (section, class, subclass, main group, subgroup). */
function ipcSymbol(classification: Located): string {
  const textual = optional(classification, ST96_PATENT_NS, 'PatentClassificationText');
  if (textual) return valueOf(fields.ipcClasses.element, textual, textual.element.text.replace(/\s+/g, ' '));
  const part = (name: string) => required(classification, ST96_PATENT_NS, name).element.text;
  const symbol = `${part('Section')}${part('Class')}${part('Subclass')} ${part('MainGroup')}/${part('Subgroup')}`;
  return valueOf(fields.ipcClasses.element, classification, symbol);
}

function applicationOf(entry: Located): ApplicationToFile {
  const commitment = valueOf(
    fields.commitment,
    required(
      entry,
      EXCHANGE_NS,
      'SpecificationCommitment',
      ': ST.96 has no element for the specification commitment the register files',
    ),
  );
  const agency = optional(entry, EXCHANGE_NS, 'OnBehalfOf');
  const publication = required(entry, ST96_PATENT_NS, 'PatentPublication');
  const data = required(publication, ST96_PATENT_NS, 'BibliographicData');
  const titles = childrenNamed(required(data, ST96_PATENT_NS, 'InventionTitleBag'), ST96_PATENT_NS, 'InventionTitle');
  if (titles.length !== 1)
    throw fault(
      titles.length ? 'ST96_UNEXPECTED_ELEMENT' : 'ST96_MISSING_ELEMENT',
      `${data.path}/pat:InventionTitleBag/pat:InventionTitle`,
      `one title expected (the register keeps one), found ${titles.length}`,
    );
  const applicants = childrenNamed(
    required(required(data, ST96_PATENT_NS, 'PartyBag'), ST96_PATENT_NS, 'ApplicantBag'),
    ST96_PATENT_NS,
    'Applicant',
  );
  if (applicants.length !== 1)
    throw fault(
      applicants.length ? 'ST96_UNEXPECTED_ELEMENT' : 'ST96_MISSING_ELEMENT',
      `${data.path}/pat:PartyBag/pat:ApplicantBag/pat:Applicant`,
      `one applicant expected (the register keeps one), found ${applicants.length}`,
    );
  const bag = required(
    required(data, ST96_PATENT_NS, 'PatentClassificationBag'),
    ST96_PATENT_NS,
    'IPCRClassificationBag',
  );
  const classifications = childrenNamed(bag, ST96_PATENT_NS, 'IPCRClassification');
  if (classifications.length === 0)
    throw fault('ST96_MISSING_ELEMENT', `${bag.path}/pat:IPCRClassification`, 'at least one IPC class is required');
  return {
    title: valueOf(fields.title, titles[0]!),
    applicantName: applicantName(applicants[0]!),
    ipcClasses: checkedClasses(bag, classifications.map(ipcSymbol)),
    commitment,
    ...(agency ? { onBehalfOf: valueOf(fields.onBehalfOf.unwrap(), agency) } : {}),
  };
}

function checkedClasses(bag: Located, symbols: string[]): string[] {
  const checked = fields.ipcClasses.safeParse(symbols);
  if (checked.success) return checked.data;
  const reason = checked.error.issues[0]?.message ?? 'invalid';
  throw fault('ST96_INVALID_VALUE', bag.path, `${symbols.length} IPC classes are not accepted: ${reason}`);
}

/**
 * The applications an exchange document files, in document order: `sce:PatentExchange` holding one to
 * `MAX_APPLICATIONS_PER_CALL` `sce:Application`s, each a specification commitment, optionally the org an agency
 * files for, and an ST.96 `pat:PatentPublication` whose title, applicant and IPC classes are filed. Its other
 * ST.96 elements (application number, dates, publication and grant data) and the envelope's owner, status and
 * events describe the exported record, not the new filing: the ledger numbers and dates a filing itself. A
 * document that breaks any of this is refused (400) naming the element at fault, before anything is filed.
 */
export function readExchange(xml: string): ApplicationToFile[] {
  const root: Located = { element: parseXml(xml), path: '' };
  const rootName = qualified(root.element.uri, root.element.name);
  const top: Located = { element: root.element, path: rootName };
  if (root.element.uri !== EXCHANGE_NS || root.element.name !== 'PatentExchange') {
    throw fault(
      'ST96_UNEXPECTED_ELEMENT',
      rootName,
      `the root must be sce:PatentExchange (xmlns:sce="${EXCHANGE_NS}") holding sce:Application elements, each a ` +
        'sce:SpecificationCommitment and a pat:PatentPublication',
    );
  }
  checkNames(top);
  const entries = childrenNamed(top, EXCHANGE_NS, 'Application');
  const stray = top.element.children.find((child) => child.uri !== EXCHANGE_NS || child.name !== 'Application');
  if (stray)
    throw fault(
      'ST96_UNEXPECTED_ELEMENT',
      `${rootName}/${qualified(stray.uri, stray.name)}`,
      'only sce:Application elements belong here',
    );
  if (entries.length === 0)
    throw fault('ST96_MISSING_ELEMENT', `${rootName}/sce:Application`, 'at least one application is required');
  if (entries.length > MAX_APPLICATIONS_PER_CALL) {
    throw badRequest(
      'ST96_TOO_MANY_APPLICATIONS',
      `${rootName} holds ${entries.length} applications; at most ${MAX_APPLICATIONS_PER_CALL} are filed in one transaction`,
      { element: rootName, limit: MAX_APPLICATIONS_PER_CALL },
    );
  }
  const applications = entries.map(applicationOf);
  const seen = new Map<string, number>();
  for (const [i, application] of applications.entries()) {
    const earlier = seen.get(application.commitment);
    if (earlier !== undefined) {
      throw fault(
        'ST96_INVALID_VALUE',
        `${entries[i]!.path}/sce:SpecificationCommitment`,
        `the same commitment as application ${earlier + 1}: one specification, one application`,
      );
    }
    seen.set(application.commitment, i);
  }
  return applications;
}
