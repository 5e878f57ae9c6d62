// The demo pipeline's proposal and negotiation checklist: one realistic example reused for
// every demo opportunity (SOP-5.2's six parts, SOP-6.2's checklist).

export const DEMO_PROPOSAL = {
  needsAnalysis: {
    summary: "产线设备停机频繁，交付周期长，客户急需提升设备综合效率（OEE）。",
    painPoints: [
      { pain: "设备非计划停机多", cause: "设备老化，缺少状态监测与预测性维护" },
      { pain: "排产依赖人工经验", cause: "生产数据分散在纸质记录和多个 Excel 中" },
    ],
  },
  solution: {
    summary: "部署设备联网与预测性维护平台，打通生产数据。",
    configuration: "20 台边缘网关，云平台 1 套，含安装调试与数据对接",
  },
  productIntroduction: {
    summary: "工业物联网平台，支持主流 PLC 与传感器协议。",
    strengths: ["三年质保", "7×24 小时售后响应", "本地化实施团队"],
    caseStudies: ["华东某汽车零部件厂：非计划停机时间下降 35%"],
  },
  implementationPlan: {
    milestones: [
      { name: "合同签订", date: "2027-01-15", deliverable: "合同与项目章程", owner: "销售" },
      { name: "设备到货", date: "2027-02-20", deliverable: "网关与服务器到货验收单", owner: "交付部" },
      { name: "安装调试", date: "2027-03-10", deliverable: "上线报告", owner: "技术部" },
      { name: "用户培训", date: "2027-03-20", deliverable: "培训记录与考核", owner: "客户成功部" },
    ],
  },
  pricing: {
    currency: "CNY",
    lines: [
      { product: "边缘网关 EG-200", quantity: 20, unitPrice: { amount: "3500000", currency: "CNY" }, discountBasisPoints: 500, vatRateBasisPoints: 1300, pricesIncludeVat: false },
      { product: "实施与培训服务", quantity: 1, unitPrice: { amount: "30000000", currency: "CNY" }, discountBasisPoints: 0, vatRateBasisPoints: 600, pricesIncludeVat: true },
    ],
    paymentOptions: [
      {
        name: "分期付款",
        description: "按里程碑付款",
        pros: ["客户现金流压力小"],
        cons: ["回款周期较长"],
        instalments: [
          { trigger: "ADVANCE", percentBasisPoints: 3000, dueDays: null },
          { trigger: "DELIVERY", percentBasisPoints: 4000, dueDays: 30 },
          { trigger: "ACCEPTANCE", percentBasisPoints: 2000, dueDays: 30 },
          { trigger: "RETENTION", percentBasisPoints: 1000, dueDays: 365 },
        ],
      },
      {
        name: "一次性付款",
        description: "签约后一次付清，享额外 2% 优惠",
        pros: ["回款快"],
        cons: ["客户一次性资金压力大"],
        instalments: [{ trigger: "ON_SIGNING", percentBasisPoints: 10000, dueDays: 15 }],
      },
    ],
  },
  risks: {
    risks: [
      { risk: "网关供应商交货延迟", likelihood: "MEDIUM", impact: "HIGH", countermeasure: "双供应商备货，提前 4 周下单" },
      { risk: "客户需求变更", likelihood: "MEDIUM", impact: "MEDIUM", countermeasure: "需求冻结后按变更流程评估与报价" },
    ],
  },
};

export const DEMO_NEGOTIATION_PREP = {
  goals: ["本季度签约", "毛利不低于 25%"],
  priceFloor: { amount: "95000000", currency: "CNY" },
  repConcessions: ["免费追加 2 天培训"],
  managerConcessions: ["质保延长 1 年"],
  decisionMakers: [
    { name: "陈总", title: "总经理", role: "签字" },
    { name: "李工", title: "设备部部长", role: "技术把关" },
  ],
};
