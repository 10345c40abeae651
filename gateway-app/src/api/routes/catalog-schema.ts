/** Name (as in the descriptor) → the word people read. */
const words = (description: string, example: Record<string, string>) => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string' },
  example,
});

/** A scenario's words in one language (the scene kit's `ScenarioLabels`). */
const scenarioLabels = {
  type: 'object',
  properties: {
    title: { type: 'string', example: '供应链追溯' },
    summary: { type: 'string' },
    records: words('Record type → word', { Batch: '批次' }),
    fields: words('Request or record field → word', { batchId: '批次号' }),
    states: words('State → word', { IN_TRANSIT: '运输中' }),
    transitions: words('Machine transition → a short verb phrase (how a refusal’s allowed transitions read)', {
      consumePart: '部分耗用',
    }),
    flows: words('Transaction → a button’s few words', { shipBatch: '发运批次' }),
    descriptions: words('Transaction → one sentence saying what it does', {
      shipBatch: '将批次发往指定收货方；对方签收前保管权仍属发货方。',
    }),
    events: words('Event name → word', { BatchShipped: '批次已发运' }),
    values: words('Enum value of a request or record field → word', { kg: '千克', PASS: '合格' }),
  },
  additionalProperties: false,
};

/** The orgs with their names, for forms and pages that name orgs. */
const organisations = {
  type: 'array',
  description: 'The orgs with their names: the topology’s name, and per language tag what people call it',
  items: {
    type: 'object',
    properties: {
      mspId: { type: 'string', example: 'RegulatorMSP' },
      name: { type: 'string', example: 'Regulator' },
      labels: {
        type: 'object',
        additionalProperties: { type: 'string' },
        example: { 'zh-CN': '市场监督管理局' },
      },
    },
    required: ['mspId', 'name', 'labels'],
  },
};

/** `GET /api/scenarios`: documented, not used to filter the answer (the route sends it as built). */
export const catalogResponse = {
  type: 'object',
  properties: {
    orgs: { type: 'array', items: { type: 'string' }, description: 'MSP IDs of the network’s orgs' },
    organisations,
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', example: 'supply-chain' },
          title: { type: 'string', description: 'In English, as the descriptor has it' },
          summary: { type: 'string' },
          labels: {
            type: 'object',
            description:
              "The scenario's own words per language tag (`zh-CN`, ...), as its descriptor has them; `{}` if none. " +
              'Names stay the codes of the API; a client shows `labels[lang].<kind>[name]`, else the English.',
            additionalProperties: scenarioLabels,
          },
          authorities: { type: 'array', items: { type: 'object', additionalProperties: true } },
          records: {
            type: 'array',
            description: 'Record views: collection, key field, columns, whether the read model lists them to you',
            items: { type: 'object', additionalProperties: true },
          },
          actions: {
            type: 'array',
            description: 'Every flow as a route, with its request schema and whether you may run it',
            items: { type: 'object', additionalProperties: true },
          },
        },
        required: ['id', 'title', 'summary', 'labels', 'records', 'actions'],
        additionalProperties: true,
      },
    },
  },
};

/** What the public pages are built from, without sign-in. */
export const publicCatalogResponse = {
  type: 'object',
  properties: {
    organisations,
    items: {
      type: 'array',
      description: 'Scenarios with public reads (`publicReads` of their descriptors)',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', example: 'charity' },
          title: { type: 'string' },
          summary: { type: 'string' },
          labels: { type: 'object', additionalProperties: scenarioLabels },
          records: {
            type: 'array',
            description: 'Record views: type, title, collection and key field',
            items: { type: 'object', additionalProperties: true },
          },
          reads: {
            type: 'array',
            description: 'Each public read as a route under /api/public, with its request schema',
            items: { type: 'object', additionalProperties: true },
          },
        },
        required: ['id', 'title', 'summary', 'labels', 'records', 'reads'],
      },
    },
  },
  required: ['organisations', 'items'],
};
