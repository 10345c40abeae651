/**
 * The secure sum's words in zh-CN, for a scenario using `defineSecureSum` to spread into its own label set
 * (flows, fields, values): business words, no protocol jargon.
 */
export const secureSumLabels = {
  flows: {
    openSecureSum: '发起安全求和',
    submitShare: '提交份额',
    publishPartialSum: '公布部分和',
    closeSecureSum: '汇总结果',
    getSecureSum: '查看安全求和',
  },
  descriptions: {
    openSecureSum: '发起一轮安全求和：求和事项、参与单位（3 至 16 家）和截止时间；由参与单位发起。',
    submitShare:
      '把本单位数值的一份随机份额交给另一参与单位，只存入该单位的私有存储；账本上只记录谁交给了谁和份额的数字指纹。',
    publishPartialSum: '全部份额交齐后，本单位公布所持份额之和（部分和）；任何单独的部分和都看不出任何单位的数值。',
    closeSecureSum: '部分和全部公布后汇总出总数和平均值；过了截止时间仍有份额或部分和未交齐的，本轮作废。',
    getSecureSum: '查看一轮安全求和：事项、参与单位、状态、份额提交情况、部分和与汇总结果。',
  },
  fields: {
    roundId: '求和轮次编号',
    question: '求和事项',
    orgs: '参与单位',
    deadline: '截止时间',
    from: '提交单位',
    to: '接收单位',
    share: '份额',
    org: '单位',
    value: '本单位数值',
  },
} as const;
