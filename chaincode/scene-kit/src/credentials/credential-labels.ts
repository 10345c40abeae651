import type { ScenarioLabels } from '../labels';

/**
 * The Chinese words of what `defineCredentials` adds to a scenario (issuer keys, status lists), for the
 * scenario's own labels to take in (`withCredentialWords`); its own words win where both name a thing.
 */
const zh: Required<Omit<ScenarioLabels, 'title' | 'summary'>> = {
  records: { IssuerKey: '签发密钥' },
  states: { ACTIVE: '有效', RETIRED: '已停用' },
  transitions: { register: '登记', retire: '停用' },
  flows: {
    registerIssuerKey: '登记签发密钥',
    retireIssuerKey: '停用签发密钥',
    getIssuerKey: '查看签发密钥',
    listIssuerKeys: '签发密钥列表',
    getStatusList: '查看状态列表',
  },
  descriptions: {
    registerIssuerKey: '机构登记其签发可验证凭证所用的公钥（P-256）；只能为本机构登记，同一密钥只能登记一次。',
    retireIssuerKey: '机构停用本机构的一个签发密钥并说明原因；此后其签发的凭证不再通过核验。',
    getIssuerKey: '按密钥指纹查看一个已登记的签发密钥。',
    listIssuerKeys: '列出一个机构登记的签发密钥，可按状态筛选。',
    getStatusList: '查看签发机构某一用途（撤销或暂停）的状态列表：已置位的序号和位串的数字指纹。',
  },
  events: { IssuerKeyRegistered: '签发密钥已登记', IssuerKeyRetired: '签发密钥已停用' },
  fields: {
    keyId: '密钥指纹',
    issuer: '签发机构',
    publicKeyJwk: '公钥',
    did: '签发者标识',
    registeredAt: '登记时间',
    retirement: '停用情况',
    statusListIndex: '状态序号',
    purpose: '用途',
    list: '列表编号',
    kty: '密钥类型',
    crv: '曲线',
    x: '坐标 x',
    y: '坐标 y',
  },
  values: {
    ACTIVE: '有效',
    RETIRED: '已停用',
    revocation: '撤销',
    suspension: '暂停',
    EC: '椭圆曲线',
    'P-256': 'P-256 曲线',
  },
};

/** A scenario's Chinese words with the credential words added under each kind. */
export function withCredentialWords(own: ScenarioLabels): ScenarioLabels {
  const merged: Record<string, unknown> = { ...own };
  for (const [kind, words] of Object.entries(zh)) {
    merged[kind] = { ...words, ...(own[kind as keyof typeof zh] ?? {}) };
  }
  return merged as ScenarioLabels;
}
