import type { Patent } from '@scenechain/patents';
import { buildXml, comment, element, text, type XmlNode } from './xml-tree';
import { EXCHANGE_NS, INID, ST96_COMMON_NS, ST96_PATENT_NS, ST96_VERSION } from './st96-names';

/** A change of the application as its ledger history records it: the transition, when, and the states around it. */
export interface StatusEvent {
  readonly action: string;
  readonly at: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly transactionId: string;
}

/** One application to export: the record as stored and its status events, oldest first. */
export interface ExportedApplication {
  readonly patent: Patent;
  readonly events: readonly StatusEvent[];
}

const leaf = (qname: string, value: string): XmlNode => element(qname, [text(value)]);
/** ST.96 dates are calendar dates (xs:date); the ledger's instants keep their full time in the status events. */
const dateOf = (iso: string): string => iso.slice(0, 10);

/** `G06F 16/27` as ST.96's IPCR parts: section G, class 06, subclass F, main group 16, subgroup 27. */
function ipcrClassification(symbol: string, sequence: number): XmlNode {
  const [subclass = '', group = ''] = symbol.split(' ');
  const [mainGroup = '', subgroup = ''] = group.split('/');
  return element(
    'pat:IPCRClassification',
    [
      leaf('pat:Section', subclass.slice(0, 1)),
      leaf('pat:Class', subclass.slice(1, 3)),
      leaf('pat:Subclass', subclass.slice(3, 4)),
      leaf('pat:MainGroup', mainGroup),
      leaf('pat:Subgroup', subgroup),
      leaf('pat:PatentClassificationText', symbol),
    ],
    { 'com:sequenceNumber': String(sequence) },
  );
}

/** The ST.96 bibliographic data of an application, each INID-coded element preceded by its code. */
function bibliographicData(patent: Patent, events: readonly StatusEvent[]): XmlNode {
  const content: XmlNode[] = [];
  if (patent.publishedAt) {
    content.push(
      element('pat:PatentPublicationIdentification', [
        leaf('pat:PublicationNumber', patent.id),
        leaf('com:PatentDocumentKindCode', 'A'),
        comment(`INID ${INID.publicationDate}`),
        leaf('com:PublicationDate', dateOf(patent.publishedAt)),
      ]),
    );
  }
  if (patent.grantedAt) {
    content.push(
      element('pat:PatentGrantIdentification', [
        comment(`INID ${INID.patentNumber}`),
        leaf('pat:PatentNumber', patent.id),
        leaf('com:PatentDocumentKindCode', 'B'),
        comment(`INID ${INID.grantDate}`),
        leaf('pat:GrantDate', dateOf(patent.grantedAt)),
      ]),
    );
  }
  content.push(
    comment(`INID ${INID.classification}`),
    element('pat:PatentClassificationBag', [
      element(
        'pat:IPCRClassificationBag',
        patent.ipcClasses.map((symbol, i) => ipcrClassification(symbol, i + 1)),
      ),
    ]),
    element('pat:ApplicationIdentification', [
      comment(`INID ${INID.applicationNumber}`),
      element('com:ApplicationNumber', [leaf('com:ApplicationNumberText', patent.id)]),
      comment(`INID ${INID.filingDate}`),
      leaf('pat:FilingDate', dateOf(patent.filedAt)),
    ]),
    comment(`INID ${INID.applicant}`),
    element('pat:PartyBag', [
      element('pat:ApplicantBag', [
        element(
          'pat:Applicant',
          [element('com:Contact', [element('com:Name', [leaf('com:EntityName', patent.applicantName)])])],
          { 'com:sequenceNumber': '1' },
        ),
      ]),
    ]),
    comment(`INID ${INID.title}`),
    element('pat:InventionTitleBag', [leaf('pat:InventionTitle', patent.title)]),
  );
  // When the application was withdrawn or the patent revoked: the event that entered its current state.
  const ending = { WITHDRAWN: 'pat:ApplicationWithdrawnDate', REVOKED: 'pat:PatentRevocationDate' } as const;
  if (patent.status === 'WITHDRAWN' || patent.status === 'REVOKED') {
    const entered = events.findLast((event) => event.to === patent.status);
    if (entered) content.push(leaf(ending[patent.status], dateOf(entered.at)));
  }
  return element('pat:BibliographicData', content);
}

function statusEvent(event: StatusEvent): XmlNode {
  return element('sce:StatusEvent', [
    leaf('sce:EventName', event.action),
    leaf('sce:EventDateTime', event.at),
    ...(event.from ? [leaf('sce:FromStatus', event.from)] : []),
    ...(event.to ? [leaf('sce:ToStatus', event.to)] : []),
    leaf('sce:TransactionIdentifier', event.transactionId),
  ]);
}

function application({ patent, events }: ExportedApplication): XmlNode {
  return element('sce:Application', [
    leaf('sce:SpecificationCommitment', patent.commitment),
    // Filed by an agency: the owner it filed for, which a re-import by the agency files for again.
    ...(patent.agent ? [leaf('sce:OnBehalfOf', patent.owner)] : []),
    leaf('sce:Owner', patent.owner),
    ...(patent.agent ? [leaf('sce:Agent', patent.agent)] : []),
    leaf('sce:Status', patent.status),
    element('sce:StatusEventBag', events.map(statusEvent)),
    element('pat:PatentPublication', [bibliographicData(patent, events)], { 'com:st96Version': ST96_VERSION }),
  ]);
}

/** The exchange document for one or more applications: ST.96 bibliographic data in the platform's envelope. */
export function st96Document(applications: readonly ExportedApplication[]): string {
  return buildXml(
    element('sce:PatentExchange', applications.map(application), {
      'xmlns:sce': EXCHANGE_NS,
      'xmlns:pat': ST96_PATENT_NS,
      'xmlns:com': ST96_COMMON_NS,
    }),
  );
}
