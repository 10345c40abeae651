/**
 * The names the patents exchange document uses. Its bibliographic part is WIPO ST.96 (Patent and Common
 * namespaces); what ST.96 has no element for (the specification commitment the ledger files instead of the
 * text, the owner org, the ledger's status and its events) travels in this platform's own envelope namespace,
 * the way offices carry national data beside ST.96 in theirs, so the ST.96 part stays standard.
 */
export const ST96_PATENT_NS = 'http://www.wipo.int/standards/XMLSchema/ST96/Patent';
export const ST96_COMMON_NS = 'http://www.wipo.int/standards/XMLSchema/ST96/Common';
export const EXCHANGE_NS = 'urn:scenechain:patents:st96-exchange:1';

/** The ST.96 version the export declares (`com:st96Version`). */
export const ST96_VERSION = 'V3_1';

/** The prefixes this app writes, and uses to name elements in error messages whatever prefixes a document chose. */
export const PREFIXES: Readonly<Record<string, string>> = {
  [ST96_PATENT_NS]: 'pat',
  [ST96_COMMON_NS]: 'com',
  [EXCHANGE_NS]: 'sce',
};

/**
 * INID codes (WIPO ST.9) of the bibliographic elements written, as comments beside them: an ST.96 instance has no
 * attribute for them (the schema documents them per element), and a comment keeps the document schema-valid.
 */
export const INID = {
  patentNumber: '(11) number of the patent',
  applicationNumber: '(21) application number',
  filingDate: '(22) filing date',
  publicationDate: '(43) date of publication of the unexamined application',
  grantDate: '(45) date of grant',
  classification: '(51) International Patent Classification',
  title: '(54) title of the invention',
  applicant: '(71) applicant',
} as const;

/**
 * ST.96 Patent and Common element names an imported document may hold: those this app writes and reads, and the
 * other bibliographic elements of an office's ST.96 publication, which the import accepts and ignores. A name
 * outside this list is refused by name, so a misspelt or foreign element never passes silently.
 */
export const ST96_PATENT_ELEMENTS: ReadonlySet<string> = new Set([
  'PatentPublication',
  'BibliographicData',
  'PatentPublicationIdentification',
  'PublicationNumber',
  'PatentGrantIdentification',
  'PatentNumber',
  'GrantDate',
  'ApplicationIdentification',
  'FilingDate',
  'PatentClassificationBag',
  'IPCRClassificationBag',
  'IPCRClassification',
  'IPCClassification',
  'MainClassification',
  'FurtherClassification',
  'NationalClassification',
  'Section',
  'Class',
  'Subclass',
  'MainGroup',
  'Subgroup',
  'PatentClassificationText',
  'PatentClassificationLevelCode',
  'ClassificationVersionDate',
  'IPCClassificationValueCode',
  'IPCClassificationStatusCode',
  'PatentClassificationDataSourceCode',
  'GeneratingOfficeCode',
  'ActionDate',
  'InventionTitleBag',
  'InventionTitle',
  'PartyBag',
  'ApplicantBag',
  'Applicant',
  'ApplicantCategory',
  'InventorBag',
  'Inventor',
  'RegisteredPractitionerBag',
  'RegisteredPractitioner',
  'PriorityClaimBag',
  'PriorityClaim',
  'PlainLanguageDesignationText',
  'ClaimTotalQuantity',
  'ApplicationWithdrawnDate',
  'ApplicationDeemedWithdrawnDate',
  'PatentRevocationDate',
]);

export const ST96_COMMON_ELEMENTS: ReadonlySet<string> = new Set([
  'IPOfficeCode',
  'ApplicationNumber',
  'ApplicationNumberText',
  'PatentDocumentKindCode',
  'PublicationDate',
  'FilingLanguageCode',
  'PublicationLanguageCode',
  'Edition',
  'SymbolPositionCode',
  'Contact',
  'PublicationContact',
  'Name',
  'EntityName',
  'OrganizationName',
  'OrganizationStandardName',
  'PersonName',
  'PersonFullName',
  'PersonStructuredName',
  'FirstName',
  'LastName',
  'CityName',
  'CountryCode',
  'PostalAddressBag',
  'PostalAddress',
  'PostalAddressText',
]);

/** The envelope's elements (`sce:`): the ones the import reads, and those it writes for information only. */
export const EXCHANGE_ELEMENTS: ReadonlySet<string> = new Set([
  'PatentExchange',
  'Application',
  'SpecificationCommitment',
  'OnBehalfOf',
  'Owner',
  'Agent',
  'Status',
  'StatusEventBag',
  'StatusEvent',
  'EventName',
  'EventDateTime',
  'FromStatus',
  'ToStatus',
  'TransactionIdentifier',
]);
