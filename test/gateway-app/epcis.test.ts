import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { expect } from 'chai';
import { REPO_ROOT } from '../support/devnet';
import { CHANNEL, startTestApp, type Json, type TestApp } from './support/test-app';

/** GS1's own EPCIS 2.0 JSON schema, shipped as test data (test/fixtures/epcis/README.md). */
const gs1Schema = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'epcis', 'epcis-json-schema.json'), 'utf8'),
) as object;
const validate = new Ajv({ format: 'full', allErrors: true }).compile(gs1Schema);
function expectGs1Valid(document: unknown): void {
  const valid = validate(document);
  expect(valid, JSON.stringify(validate.errors?.slice(0, 5))).to.equal(true);
}

const CONTEXT = ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'];
const GS1 = 'https://id.gs1.org';
// GTINs, SSCC and GLNs with correct check digits, so that their EPC URNs name the same items.
const APPLES = '04012345000016';
const JUICE = '04012345000023';
const JARS = '04012345000030';
const PALLET = '340123450000000017';
const FARM = `${GS1}/414/4012345000047`;
const DEPOT = 'urn:epc:id:sgln:4012345.00009.0';
const DEPOT_DL = `${GS1}/414/4012345000092`;
const org = (mspId: string) => `urn:scenechain:org:${mspId}`;
const lot = (gtin: string, id: string) => `${GS1}/01/${gtin}/10/${id}`;
const temperature = [
  {
    sensorMetadata: { time: '2026-03-01T08:00:00.000Z', deviceID: 'urn:epc:id:giai:4012345.TL-01' },
    sensorReport: [{ type: 'Temperature', value: 4.2, uom: 'CEL' }],
  },
];

const documentOf = (eventList: Json[]) => ({
  '@context': CONTEXT,
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2026-03-01T09:00:00.000Z',
  epcisBody: { eventList },
});
const at = (minute: number) => ({
  eventTime: `2026-03-01T08:${String(minute).padStart(2, '0')}:00.000+08:00`,
  eventTimeZoneOffset: '+08:00',
});

/** What the farm makes (commissioning and transformation alike). */
const madeAtFarm = { bizStep: 'commissioning', disposition: 'active', bizLocation: { id: FARM } };

/** The manufacturer commissions, transforms, packs and ships. */
const made = documentOf([
  {
    type: 'ObjectEvent',
    ...at(0),
    eventID: 'urn:uuid:2d1d1a8e-5d7c-4c57-9f5a-0a6f3f0e0001',
    quantityList: [
      { epcClass: lot(APPLES, 'L-APPLE-1'), quantity: 1000, uom: 'KGM' },
      { epcClass: lot(APPLES, 'L-APPLE-2'), quantity: 500, uom: 'KGM' },
    ],
    action: 'ADD',
    ...madeAtFarm,
    readPoint: { id: FARM },
    sensorElementList: temperature,
    ilmd: { 'https://gs1.org/voc/bestBeforeDate': '2026-06-01' },
  },
  {
    type: 'ObjectEvent',
    ...at(1),
    epcList: [`${GS1}/01/${JARS}/21/JAR-1`, `${GS1}/01/${JARS}/21/JAR-2`],
    action: 'ADD',
    ...madeAtFarm,
  },
  {
    type: 'TransformationEvent',
    ...at(2),
    inputQuantityList: [{ epcClass: lot(APPLES, 'L-APPLE-2'), quantity: 500, uom: 'KGM' }],
    outputQuantityList: [{ epcClass: lot(JUICE, 'L-JUICE-1'), quantity: 300, uom: 'LTR' }],
    transformationID: 'urn:uuid:2d1d1a8e-5d7c-4c57-9f5a-0a6f3f0e0002',
    ...madeAtFarm,
  },
  {
    type: 'AggregationEvent',
    ...at(3),
    parentID: `${GS1}/00/${PALLET}`,
    childEPCs: [`${GS1}/01/${JARS}/21/JAR-1`],
    childQuantityList: [{ epcClass: lot(APPLES, 'L-APPLE-1') }],
    action: 'ADD',
    bizStep: 'packing',
    disposition: 'in_progress',
  },
  {
    type: 'ObjectEvent',
    ...at(4),
    epcList: [`${GS1}/00/${PALLET}`],
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    bizTransactionList: [{ type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:4012345000047:DESADV-1' }],
    sourceList: [{ type: 'owning_party', source: org('ManufacturerMSP') }],
    destinationList: [{ type: 'owning_party', destination: org('LogisticsMSP') }],
  },
  {
    type: 'ObjectEvent',
    ...at(5),
    quantityList: [{ epcClass: lot(JUICE, 'L-JUICE-1'), quantity: 300, uom: 'LTR' }],
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    sourceList: [{ type: 'owning_party', source: org('ManufacturerMSP') }],
    destinationList: [{ type: 'owning_party', destination: org('LogisticsMSP') }],
  },
]);

/** The carrier receives both at its depot (named by EPC URN: the ledger answers the same place as Digital Link). */
const received = documentOf([
  {
    type: 'ObjectEvent',
    ...at(30),
    epcList: [`urn:epc:id:sscc:4012345.3000000001`],
    action: 'OBSERVE',
    bizStep: 'receiving',
    disposition: 'in_progress',
    bizLocation: { id: DEPOT },
  },
  {
    type: 'ObjectEvent',
    ...at(31),
    quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.000002.L-JUICE-1', quantity: 300, uom: 'LTR' }],
    action: 'OBSERVE',
    bizStep: 'receiving',
    disposition: 'in_progress',
    bizLocation: { id: DEPOT },
  },
]);

/** The regulator's lab passes the juice, naming its certificate by digest. */
const inspected = documentOf([
  {
    type: 'ObjectEvent',
    ...at(45),
    eventID: 'urn:uuid:2d1d1a8e-5d7c-4c57-9f5a-0a6f3f0e0003',
    certificationInfo: `ni:///sha-256;${Buffer.alloc(32, 7).toString('base64url')}`,
    quantityList: [{ epcClass: lot(JUICE, 'L-JUICE-1') }],
    action: 'OBSERVE',
    bizStep: 'inspecting',
    disposition: 'conformant',
  },
]);

/** What the ledger answers for a captured event: URNs as Digital Links, nothing else changed. */
function asAnswered(event: Json): Json {
  return JSON.parse(
    JSON.stringify(event)
      .replaceAll('urn:epc:id:sscc:4012345.3000000001', `${GS1}/00/${PALLET}`)
      .replaceAll('urn:epc:class:lgtin:4012345.000002.L-JUICE-1', lot(JUICE, 'L-JUICE-1'))
      .replaceAll(DEPOT, DEPOT_DL),
  );
}
const withoutRecordTime = ({ recordTime, ...event }: Json) => {
  expect(recordTime).to.be.a('string');
  return event;
};

describe('gateway app: GS1 EPCIS 2.0 capture and query (supply chain)', function () {
  this.timeout(180_000);
  let t: TestApp;
  const token: Record<string, string> = {};
  const height = () => t.devnet.height(CHANNEL);
  const capture = (user: string, document: unknown, headers?: Record<string, string>) =>
    t.call('POST', '/epcis/capture', { token: token[user], body: document, headers });
  const events = async (query = '', user = 'operator1') => {
    const answer = await t.call('GET', `/epcis/events${query}`, { token: token[user] });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    expectGs1Valid(answer.body);
    return { list: answer.body.epcisBody.queryResults.resultsBody.eventList as Json[], link: answer.headers.link };
  };

  before(async () => {
    t = await startTestApp({ chaincodes: ['supply-chain'] });
    for (const user of ['operator1', 'carrier1', 'inspector1']) token[user] = await t.login(user);
    for (const [gtin, unit] of [
      [APPLES, 'kg'],
      [JUICE, 'l'],
      [JARS, 'each'],
    ]) {
      const product = await t.call('POST', '/api/supply-chain/products/register-product', {
        token: token.operator1,
        body: { productId: `GTIN-${gtin}`, name: `Product ${gtin}`, unit },
      });
      expect(product.status, JSON.stringify(product.body)).to.equal(200);
    }
  });
  after(async () => t?.close());

  it('captures documents as supply-chain transactions and answers the same events back, valid by GS1’s schema', async () => {
    for (const document of [made, received, inspected]) expectGs1Valid(document);
    const first = await capture('operator1', made, { 'content-type': 'application/ld+json' });
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    expect(first.body.events.map((e: Json) => e.transaction)).to.deep.equal([
      'commissionMany',
      'commissionMany',
      'transform',
      'aggregate',
      'shipPallet',
      'shipBatch',
    ]);
    expect((await capture('carrier1', received)).status).to.equal(200);
    expect((await capture('inspector1', inspected)).status).to.equal(200);

    // The ledger holds what the events say.
    const juice = await t.call('GET', '/api/supply-chain/batches/L-JUICE-1', { token: token.operator1 });
    expect(juice.body.data).to.include({ productId: `GTIN-${JUICE}`, quantity: 300, custodian: 'LogisticsMSP' });
    expect(juice.body.data.location).to.equal('GLN-4012345000092');
    expect(juice.body.data.lastInspection.result).to.equal('PASS');
    const jar = await t.call('GET', `/api/supply-chain/batches/SGTIN-${JARS}-JAR-1`, { token: token.operator1 });
    expect(jar.body.data).to.include({ quantity: 1, palletId: `SSCC-${PALLET}`, custodian: 'LogisticsMSP' });

    const captured = [made, received, inspected].flatMap((d) => d.epcisBody.eventList).map(asAnswered);
    const { list, link } = await events('?perPage=100');
    expect(link).to.equal(undefined);
    expect(list.map(withoutRecordTime)).to.deep.equal(captured);

    // Paging: two at a time, following the Link header, gives the same events.
    const paged: Json[] = [];
    let next: string | undefined = '/epcis/events?perPage=2';
    while (next) {
      const page: Json = await t.call('GET', next, { token: token.carrier1 });
      expect(page.status).to.equal(200);
      paged.push(...page.body.epcisBody.queryResults.resultsBody.eventList);
      next = /^<([^>]+)>; rel="next"$/.exec(String(page.headers.link ?? ''))?.[1];
    }
    expect(paged).to.deep.equal(list);
  });

  it('filters by the standard query parameters and answers one EPC’s history', async () => {
    const steps = async (query: string) => (await events(query)).list.map((e) => e.bizStep);
    expect(await steps('?EQ_bizStep=shipping|receiving')).to.deep.equal([
      'shipping',
      'shipping',
      'receiving',
      'receiving',
    ]);
    expect(await steps('?EQ_disposition=conformant')).to.deep.equal(['inspecting']);
    expect(await steps('?eventType=AggregationEvent,TransformationEvent')).to.deep.equal(['commissioning', 'packing']);
    expect(await steps(`?MATCH_epc=${encodeURIComponent(`${GS1}/00/${PALLET}`)}`)).to.deep.equal([
      'shipping',
      'receiving',
    ]);
    expect(await steps(`?MATCH_anyEPC=${encodeURIComponent(`${GS1}/00/${PALLET}`)}`)).to.deep.equal([
      'packing',
      'shipping',
      'receiving',
    ]);
    expect(await steps(`?EQ_bizLocation=${encodeURIComponent(DEPOT_DL)}`)).to.deep.equal(['receiving', 'receiving']);
    // eventTime is the event's own (kept by this app), recordTime the ledger's.
    expect(await steps(`?GE_eventTime=2026-03-01T08:30:00%2B08:00&LT_eventTime=2026-03-01T00:40:00Z`)).to.deep.equal([
      'receiving',
      'receiving',
    ]);
    expect(await steps('?LT_recordTime=2000-01-01T00:00:00Z')).to.deep.equal([]);

    // One lot's history, asked for by EPC URN or by Digital Link alike.
    for (const epc of ['urn:epc:class:lgtin:4012345.000002.L-JUICE-1', lot(JUICE, 'L-JUICE-1')]) {
      const answer = await t.call('GET', `/epcis/epcs/${encodeURIComponent(epc)}/events`, { token: token.inspector1 });
      expect(answer.status).to.equal(200);
      expectGs1Valid(answer.body);
      const history = answer.body.epcisBody.queryResults.resultsBody.eventList as Json[];
      expect(history.map((e) => e.type + ':' + (e.bizStep ?? ''))).to.deep.equal([
        'TransformationEvent:commissioning',
        'ObjectEvent:shipping',
        'ObjectEvent:receiving',
        'ObjectEvent:inspecting',
      ]);
    }
  });

  it('answers events recorded outside EPCIS from the ledger alone', async () => {
    const unpacked = await t.call('POST', `/api/supply-chain/pallets/SSCC-${PALLET}/disaggregate`, {
      token: token.carrier1,
      body: {},
    });
    expect(unpacked.status, JSON.stringify(unpacked.body)).to.equal(200);
    await t.app.ctx.listeners.get('supply-chain')!.waitForTransaction(unpacked.body.transactionId);
    const { list } = await events('?EQ_bizStep=unpacking');
    expect(list).to.have.length(1);
    const [event] = list;
    expect(event).to.deep.include({
      type: 'AggregationEvent',
      parentID: `${GS1}/00/${PALLET}`,
      childEPCs: [`${GS1}/01/${JARS}/21/JAR-1`],
      childQuantityList: [{ epcClass: lot(APPLES, 'L-APPLE-1') }],
      action: 'DELETE',
      eventTimeZoneOffset: '+00:00',
    });
    expect(event.eventTime).to.equal(event.recordTime);

    const recall = await t.call('POST', '/api/supply-chain/batches/L-APPLE-1/recall', {
      token: token.inspector1,
      body: { recallId: 'R-1', reason: 'pesticide residue' },
    });
    expect(recall.status, JSON.stringify(recall.body)).to.equal(200);
    await t.app.ctx.listeners.get('supply-chain')!.waitForTransaction(recall.body.transactionId);
    const recalled = (await events('?EQ_disposition=recalled')).list;
    expect(recalled.map(withoutRecordTime)).to.deep.equal([
      {
        type: 'ObjectEvent',
        eventTime: recalled[0].recordTime,
        eventTimeZoneOffset: '+00:00',
        quantityList: [{ epcClass: lot(APPLES, 'L-APPLE-1') }],
        action: 'OBSERVE',
        disposition: 'recalled',
      },
    ]);
  });

  it('answers a sale as TransactionEvents and names it on its shipment, never its private terms', async () => {
    token.production1 ??= await t.login('production1');
    const made = await capture(
      'operator1',
      documentOf([
        {
          type: 'ObjectEvent',
          ...at(30),
          quantityList: [
            { epcClass: lot(JUICE, 'L-SOLD-1'), quantity: 200, uom: 'LTR' },
            { epcClass: lot(JUICE, 'L-SOLD-2'), quantity: 80, uom: 'LTR' },
          ],
          action: 'ADD',
          ...madeAtFarm,
        },
      ]),
    );
    expect(made.status, JSON.stringify(made.body)).to.equal(200);
    const terms = {
      contractNumber: 'HT-EPCIS-0001',
      unitPrice: 1250,
      totalPrice: 250_000,
      currency: 'CNY',
      paymentTerms: '货到30天内付款',
      incoterm: 'DAP',
      deliveryPlace: 'Hangzhou',
    };
    const saleId = 'SO-EPCIS-1';
    // Keeping terms emits no event (the read model has nothing to wait for); the sale's own steps do.
    const step = async (user: string, path: string, body: Json) => {
      const answer = await t.call('POST', `/api/supply-chain/sales${path}`, { token: token[user], body });
      expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).to.equal(200);
      if (!path.endsWith('keep-sale-terms'))
        await t.app.ctx.listeners.get('supply-chain')!.waitForTransaction(answer.body.transactionId);
    };
    const kept = { saleId, terms, salt: 'epcis-sale-salt-0001' };
    await step('operator1', '/keep-sale-terms', { ...kept, party: 'ManufacturerMSP' });
    await step('production1', '/keep-sale-terms', { ...kept, party: 'InnovatorMSP' });
    await step('operator1', '/propose-sale', { saleId, buyer: 'InnovatorMSP', batchId: 'L-SOLD-1', quantity: 200 });
    await step('production1', `/${saleId}/confirm-sale`, {});
    const shipped = await t.call('POST', '/api/supply-chain/batches/L-SOLD-1/ship-batch', {
      token: token.operator1,
      body: { receiver: 'InnovatorMSP', saleId },
    });
    expect(shipped.status, JSON.stringify(shipped.body)).to.equal(200);
    await t.app.ctx.listeners.get('supply-chain')!.waitForTransaction(shipped.body.transactionId);

    // A second sale, proposed and withdrawn by the seller before the buyer confirmed it.
    const withdrawn = { ...kept, saleId: 'SO-EPCIS-2', salt: 'epcis-sale-salt-0002' };
    await step('operator1', '/keep-sale-terms', { ...withdrawn, party: 'ManufacturerMSP' });
    await step('operator1', '/propose-sale', {
      saleId: 'SO-EPCIS-2',
      buyer: 'InnovatorMSP',
      batchId: 'L-SOLD-2',
      quantity: 50,
    });
    await step('operator1', '/SO-EPCIS-2/withdraw-sale', {});
    const second = (await events(`?MATCH_epc=${encodeURIComponent(lot(JUICE, 'L-SOLD-2'))}&eventType=TransactionEvent`))
      .list;
    expect(second.map((event) => [event.action, event.quantityList])).to.deep.equal(
      ['ADD', 'DELETE'].map((action) => [action, [{ epcClass: lot(JUICE, 'L-SOLD-2'), quantity: 50, uom: 'LTR' }]]),
    );

    const sold = { type: 'po', bizTransaction: `urn:scenechain:sale:${saleId}` };
    const parties = {
      sourceList: [{ type: 'owning_party', source: org('ManufacturerMSP') }],
      destinationList: [{ type: 'owning_party', destination: org('InnovatorMSP') }],
    };
    const { list } = await events(
      `?eventType=TransactionEvent&MATCH_epc=${encodeURIComponent(lot(JUICE, 'L-SOLD-1'))}`,
    );
    expect(list.map((event) => [event.action, event.bizTransactionList, event.quantityList])).to.deep.equal(
      ['ADD', 'OBSERVE'].map((action) => [
        action,
        [sold],
        [{ epcClass: lot(JUICE, 'L-SOLD-1'), quantity: 200, uom: 'LTR' }],
      ]),
    );
    expect(list[0]).to.deep.include(parties);
    const shipping = (await events(`?EQ_bizStep=shipping&MATCH_epc=${encodeURIComponent(lot(JUICE, 'L-SOLD-1'))}`))
      .list;
    expect(shipping).to.have.length(1);
    expect(shipping[0]).to.deep.include({ bizTransactionList: [sold], disposition: 'in_transit' });
    // The terms stay with the two parties: no event, for any reader, carries them.
    const everything = JSON.stringify((await events('?perPage=100')).list);
    for (const secret of ['HT-EPCIS-0001', '250000', 'epcis-sale-salt-000', '货到30天内付款'])
      expect(everything).to.not.include(secret);
  });

  it('refuses unsupported features with 400 naming each of them, and writes nothing', async () => {
    const before = height();
    const unsupported = documentOf([
      made.epcisBody.eventList[0], // fine on its own, but the document is all or nothing
      {
        type: 'TransactionEvent',
        ...at(50),
        bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:4012345000047:PO-1' }],
        epcList: [`${GS1}/01/${JARS}/21/JAR-2`],
        action: 'ADD',
      },
      { ...made.epcisBody.eventList[5], 'example:carrierRef': 'X-1' },
      { ...received.epcisBody.eventList[1], bizStep: 'void_shipping', disposition: 'in_transit' },
      {
        type: 'ObjectEvent',
        ...at(51),
        quantityList: [{ epcClass: lot(APPLES, 'L-APPLE-9'), quantity: 1.5, uom: 'KGM' }],
        action: 'ADD',
        bizStep: 'commissioning',
        bizLocation: { id: FARM },
      },
      {
        type: 'AssociationEvent',
        ...at(52),
        parentID: 'urn:epc:id:grai:4012345.55555.1',
        childEPCs: ['urn:epc:id:giai:4012345.TL-01'],
        action: 'ADD',
      },
    ]);
    expectGs1Valid(unsupported);
    const answer = await capture('operator1', unsupported);
    expect([answer.status, answer.body.error.code]).to.deep.equal([400, 'UNSUPPORTED_EPCIS_FEATURE']);
    const named = answer.body.error.unsupported as { eventIndex: number; feature: string }[];
    expect(named.map((u) => u.eventIndex)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(answer.body.error.message).to.match(/TransactionEvent/);
    expect(named[1]!.feature).to.equal('extension field example:carrierRef');
    expect(named[2]!.feature).to.match(/^disposition in_transit on ObjectEvent OBSERVE void_shipping/);
    expect(named[3]!.feature).to.match(/quantity 1\.5: the ledger counts whole units/);
    expect(named[4]!.feature).to.match(/AssociationEvent/);

    // Checked on the ledger before anything is written: part of a lot, a wrong unit.
    const part = documentOf([
      {
        ...made.epcisBody.eventList[0],
        quantityList: [{ epcClass: lot(APPLES, 'L-APPLE-3'), quantity: 10, uom: 'KGM' }],
      },
      {
        ...made.epcisBody.eventList[5],
        quantityList: [{ epcClass: lot(APPLES, 'L-APPLE-3'), quantity: 4, uom: 'KGM' }],
      },
    ]);
    const partAnswer = await capture('operator1', part);
    expect([partAnswer.status, partAnswer.body.error.code]).to.deep.equal([400, 'UNSUPPORTED_EPCIS_FEATURE']);
    expect(partAnswer.body.error.message).to.match(/event 1: .*quantity 4 of a batch holding 10: part of a lot/);
    const unit = documentOf([
      {
        ...made.epcisBody.eventList[0],
        quantityList: [{ epcClass: lot(JUICE, 'L-JUICE-9'), quantity: 1, uom: 'KGM' }],
      },
    ]);
    const unitAnswer = await capture('operator1', unit);
    expect([unitAnswer.status, unitAnswer.body.error.code]).to.deep.equal([400, 'INVALID_EPCIS_DOCUMENT']);
    expect(unitAnswer.body.error.message).to.match(/uom KGM, but GTIN-04012345000023 is counted in l \(LTR\)/);

    expect(height()).to.equal(before);
    const missing = await t.call('GET', '/api/supply-chain/batches/L-APPLE-3', { token: token.operator1 });
    expect(missing.status).to.equal(404);
  });

  it('accepts a document shaped like the standard’s own examples', async () => {
    // The structure of the EPCIS 2.0 JSON examples: a context array with an extension namespace, a document id,
    // header fields, and an event with eventID, readPoint, bizTransactionList and sensor reports.
    const example = {
      '@context': [...CONTEXT, { example: 'https://ns.example.com/epcis/' }],
      id: 'urn:uuid:6d2f3b8c-1f57-4d4e-9c1e-3a4d5b6c7d8e',
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2005-07-11T11:30:47.0Z',
      instanceIdentifier: '1234567890',
      epcisBody: {
        eventList: [
          {
            type: 'ObjectEvent',
            eventTime: '2005-04-05T02:33:31.116Z',
            eventTimeZoneOffset: '-06:00',
            eventID: 'ni:///sha-256;87b5f18a69993f0052046d4687dfacdf48f7c988cfabda2819688c86b4066a49?ver=CBV2.0',
            epcList: [`${GS1}/01/${JARS}/21/JAR-2`],
            action: 'OBSERVE',
            bizStep: 'shipping',
            disposition: 'in_transit',
            readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' },
            bizTransactionList: [{ type: 'po', bizTransaction: 'http://transaction.acme.com/po/12345678' }],
            sourceList: [{ type: 'owning_party', source: org('ManufacturerMSP') }],
            destinationList: [{ type: 'owning_party', destination: org('RegulatorMSP') }],
            sensorElementList: [
              {
                sensorMetadata: { time: '2005-04-05T02:30:00.000Z', deviceID: 'urn:epc:id:giai:4012345.DEV-7' },
                sensorReport: [
                  { type: 'Temperature', value: 26, uom: 'CEL' },
                  { type: 'RelativeHumidity', value: 12.1, uom: 'A93' },
                ],
              },
            ],
          },
        ],
      },
    };
    expectGs1Valid(example);
    const answer = await capture('operator1', example);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    const history = await t.call('GET', `/epcis/epcs/${encodeURIComponent(`${GS1}/01/${JARS}/21/JAR-2`)}/events`, {
      token: token.operator1,
    });
    const last = history.body.epcisBody.queryResults.resultsBody.eventList.at(-1);
    expect(withoutRecordTime(last)).to.deep.equal(example.epcisBody.eventList[0]);
  });

  it('refuses hostile and malformed input quickly, naming what is wrong, and writes nothing', async () => {
    const before = height();
    const started = Date.now();
    const refused = async (body: unknown, status: number, code: string, message?: RegExp, payload?: string) => {
      const answer = payload
        ? await t.call('POST', '/epcis/capture', {
            token: token.operator1,
            payload,
            headers: { 'content-type': 'application/json' },
          })
        : await capture('operator1', body);
      expect([answer.status, answer.body.error?.code], JSON.stringify(answer.body).slice(0, 300)).to.deep.equal([
        status,
        code,
      ]);
      if (message) expect(answer.body.error.message).to.match(message);
    };
    const deep = `{"@context":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    await refused(undefined, 400, 'INVALID_EPCIS_DOCUMENT', /nests deeper than 16 levels/, deep);
    const manyEvents = documentOf(Array.from({ length: 101 }, () => made.epcisBody.eventList[1]));
    await refused(manyEvents, 400, 'INVALID_EPCIS_DOCUMENT', /epcisBody\.eventList: Too big/);
    const manyEpcs = documentOf([
      { ...made.epcisBody.eventList[1], epcList: Array.from({ length: 201 }, (_, i) => `${GS1}/01/${JARS}/21/S${i}`) },
    ]);
    await refused(manyEpcs, 400, 'INVALID_EPCIS_DOCUMENT', /epcList: Too big/);
    const huge = documentOf([
      {
        ...made.epcisBody.eventList[1],
        epcList: Array.from({ length: 60_000 }, (_, i) => `${GS1}/01/${JARS}/21/S${i}`),
      },
    ]);
    await refused(huge, 413, 'PAYLOAD_TOO_LARGE');
    await refused(
      documentOf([{ ...made.epcisBody.eventList[0], eventTime: 5 }]),
      400,
      'INVALID_EPCIS_DOCUMENT',
      /eventTime/,
    );
    await refused(
      documentOf([{ ...made.epcisBody.eventList[0], quantityList: [{ epcClass: lot(APPLES, 'X'), quantity: '7' }] }]),
      400,
      'INVALID_EPCIS_DOCUMENT',
      /quantityList\.0\.quantity/,
    );
    await refused({ ...made, type: 'EPCISQueryDocument' }, 400, 'INVALID_EPCIS_DOCUMENT');
    await refused([made], 400, 'INVALID_EPCIS_DOCUMENT');
    await refused(undefined, 400, 'INVALID_JSON', undefined, '{"type":');
    await refused(
      documentOf([{ ...made.epcisBody.eventList[1], epcList: ['urn:epc:id:sgtin:4012345.000003.no spaces'] }]),
      400,
      'INVALID_EPCIS_DOCUMENT',
    );
    await refused(
      documentOf([{ ...made.epcisBody.eventList[1], epcList: [`${GS1}/01/${JARS}/21/${'x'.repeat(21)}`] }]),
      400,
      'UNSUPPORTED_EPCIS_FEATURE',
      /serial number must be 1-20 letters/,
    );
    const query = async (url: string, pattern: RegExp) => {
      const answer = await t.call('GET', url, { token: token.operator1 });
      expect([answer.status, answer.body.error?.code]).to.deep.equal([400, 'INVALID_QUERY']);
      expect(answer.body.error.message).to.match(pattern);
    };
    await query(
      '/epcis/events?EQ_readPoint=x&orderBy=eventTime',
      /unsupported query parameters: EQ_readPoint, orderBy/,
    );
    await query('/epcis/events?nextPageToken=garbage', /nextPageToken/);
    await query('/epcis/events?perPage=1000', /perPage/);
    await query('/epcis/events?GE_eventTime=yesterday', /GE_eventTime/);
    await query('/epcis/events?MATCH_epc=urn:epc:id:grai:1.2.3', /not an identifier of this supply chain/);
    const anonymous = await t.call('GET', '/epcis/events');
    expect(anonymous.status).to.equal(401);
    expect(height()).to.equal(before);
    expect(Date.now() - started).to.be.below(30_000);
  });

  it('documents the EPCIS routes in the OpenAPI description', async () => {
    const spec = (await t.call('GET', '/openapi.json')).body;
    expect(spec.paths['/epcis/capture'].post.operationId).to.equal('epcis.capture');
    expect(spec.paths['/epcis/events'].get.parameters.map((p: Json) => p.name)).to.include.members([
      'EQ_bizStep',
      'MATCH_anyEPC',
      'perPage',
      'nextPageToken',
    ]);
    expect(spec.paths['/epcis/epcs/{epc}/events'].get.operationId).to.equal('epcis.epcEvents');
  });
});
