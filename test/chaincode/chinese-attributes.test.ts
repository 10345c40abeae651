import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { refusal, refused } from './support/chaincode-error';
import { startScenarioNetwork, type ScenarioClient, type ScenarioNetwork } from './support/scenario-network';

interface Stored<T> {
  data: T;
}
interface Version {
  version: number;
  attributes: Record<string, string>;
}

const documentHash = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A records bureau in China names a licence's public facts in Chinese: the names reach the ledger as they were
 * typed (NFC), read back identically from the record and each kept version, in canonical (code unit) order;
 * names that would break a record or a JavaScript object are refused with the reason.
 */
describe('Chinese attribute names through the gov-records chaincode', function () {
  this.timeout(180_000);
  let network: ScenarioNetwork;
  let registrar: ScenarioClient;

  const issue = (recordId: string, attributes: unknown) =>
    registrar.submit<Stored<Version>>('issue', {
      recordId,
      type: 'BUSINESS_LICENCE',
      subjectId: 'CO-0001',
      documentHash: documentHash(`licence ${recordId} ${JSON.stringify(attributes)}`),
      attributes,
    });

  before(async () => {
    network = await startScenarioNetwork(['gov-records']);
    registrar = network.as('RecordsBureauMSP', 'registrar1');
  });

  after(async () => {
    await network?.stop();
  });

  it('issues and amends a licence with Chinese attribute names; record and versions read them back', async () => {
    const attributes = {
      证照编号: '京(2024)0001号',
      经营范围: '食品零售',
      '登记 机关': '北京市朝阳区市场监督管理局',
      licenceClass: 'food-retail',
      '证书·等级': '甲级',
    };
    const issued = await issue('BL-ZH-1', attributes);
    expect(issued.data.attributes).to.deep.equal(attributes);
    const read = await registrar.evaluate<Stored<Version>>('getRecord', { recordId: 'BL-ZH-1' });
    expect(read.data.attributes).to.deep.equal(attributes);
    // Canonical JSON: keys sorted by UTF-16 code unit, Latin before CJK, on every endorser alike.
    expect(Object.keys(read.data.attributes)).to.deep.equal(Object.keys(attributes).sort());
    expect(Object.keys(read.data.attributes)[0]).to.equal('licenceClass');

    const amended = { ...attributes, 经营范围: '食品零售；餐饮服务' };
    await registrar.submit('amend', {
      recordId: 'BL-ZH-1',
      documentHash: documentHash('licence BL-ZH-1 v2'),
      attributes: amended,
      reason: '经营范围变更',
    });
    const first = await registrar.evaluate<Stored<Version>>('getRecordVersion', { recordId: 'BL-ZH-1', version: 1 });
    const second = await registrar.evaluate<Stored<Version>>('getRecordVersion', { recordId: 'BL-ZH-1', version: 2 });
    expect(first.data.attributes).to.deep.equal(attributes);
    expect(second.data.attributes).to.deep.equal(amended);
  });

  it('refuses a control character, an edge space, a non-NFC name and a prototype name, saying why', async () => {
    const cases: [unknown, string][] = [
      [{ '持有\u0001人': 'x' }, 'an attribute name may not contain a control character'],
      [{ '经营范围\n': 'x' }, 'an attribute name may not contain a control character'],
      [{ ' 经营范围': 'x' }, 'an attribute name may not start or end with a space'],
      [{ 'cafe\u0301': 'x' }, 'an attribute name must be in Unicode NFC form'],
      [{ constructor: 'x' }, 'constructor is reserved and may not be an attribute name'],
      // JSON.parse makes `__proto__` an own property, which JSON.stringify sends as it is.
      [JSON.parse('{"__proto__":"x","经营范围":"y"}'), 'attributes.__proto__: __proto__ may not name a property'],
    ];
    for (const [attributes, reason] of cases) {
      const message = await refused(issue('BL-ZH-2', attributes), 'INVALID_ARGUMENT', reason);
      expect(message, message).not.to.include('Invalid key in record');
    }
    const { facts } = await refusal(issue('BL-ZH-2', { '持有\u0001人': 'x' }));
    expect(facts.issues).to.deep.equal([
      { path: 'attributes.持有\u0001人', message: 'an attribute name may not contain a control character' },
    ]);
    await refused(registrar.evaluate('getRecord', { recordId: 'BL-ZH-2' }), 'NOT_FOUND');
  });
});
