import { expect } from 'chai';
import {
  channelMembers,
  defineDocumentClaims,
  getByFieldFlow,
  getFlow,
  historyFlow,
  listFlow,
  readableBy,
  verifyFlow,
} from '../../../chaincode/scene-kit/src';
import { diplomaLife, registrars, schools } from './kit-fixture';

/**
 * The kit's standard queries check only the parties of their readers before they run; a rule the data decides
 * (`only`: the record's subject, the issuing department) would go unchecked and answer personal data to every
 * party, so they refuse it when the scenario loads.
 */
describe('scene kit: standard queries and their readers', () => {
  const onlyOwn = readableBy(registrars, 'the issuing school');
  const spec = { description: 'd', readers: onlyOwn };
  const refusal = (query: string) =>
    `INTERNAL: ${query}: its readers say "only the issuing school", which the data decides and this query cannot check`;

  it('refuses readers with a data-dependent part', () => {
    expect(() => getFlow(diplomaLife, spec)).to.throw(refusal('getFlow KitDiploma'));
    expect(() => historyFlow(diplomaLife, spec)).to.throw(refusal('historyFlow KitDiploma'));
    expect(() => listFlow(diplomaLife, undefined, spec)).to.throw(refusal('listFlow KitDiploma'));
    expect(() => getByFieldFlow(schools, 'schoolId', spec)).to.throw(refusal('getByFieldFlow KitSchool'));
    const claims = defineDocumentClaims('KitReadersClaim');
    const verdict = () => ({ verdict: 'VALID' });
    expect(() => verifyFlow({ description: 'd', claims, on: diplomaLife, verdict, readers: onlyOwn })).to.throw(
      refusal('verifyFlow KitDiploma'),
    );
  });

  it('keeps readers that name parties alone', () => {
    expect(getFlow(diplomaLife, { description: 'd', readers: readableBy(registrars) }).readers).to.deep.equal({
      parties: registrars,
    });
    expect(listFlow(diplomaLife, undefined, { description: 'd', readers: channelMembers }).readers).to.equal(
      channelMembers,
    );
  });
});
