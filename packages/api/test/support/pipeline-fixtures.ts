// Complete pipeline inputs as a client sends them, shared by the API suites and the
// cross-package acceptance tests.

/** A complete set of the six parts (SOP-5.2), as a client sends them. */
export const COMPLETE_PARTS = {
  needsAnalysis: { summary: "产线效率低，交付周期长", painPoints: [{ pain: "设备停机频繁", cause: "设备老化，缺少预测性维护" }] },
  solution: { summary: "部署设备监控与预测性维护平台", configuration: "20 台边缘网关，云端平台 1 套，安装调试 2 周" },
  productIntroduction: { summary: "工业物联网平台", strengths: ["三年质保", "7×24 小时售后"], caseStudies: ["华东某汽车零部件厂：停机时间下降 35%"] },
  implementationPlan: {
    milestones: [
      { name: "合同签订", date: "2027-01-10", deliverable: "合同", owner: "销售" },
      { name: "交付", date: "2027-02-15", deliverable: "硬件到货", owner: "交付部" },
      { name: "安装调试", date: "2027-03-01", deliverable: "上线报告", owner: "技术部" },
      { name: "培训", date: "2027-03-10", deliverable: "培训记录", owner: "客户成功" },
    ],
  },
  pricing: {
    currency: "CNY",
    lines: [
      // 10 × ¥1,000.00, 5 % off, 13 % VAT on top.
      { product: "边缘网关", quantity: 10, unitPrice: { amount: "100000", currency: "CNY" }, discountBasisPoints: 500, vatRateBasisPoints: 1300, pricesIncludeVat: false },
      // ¥50,000.00 service, 6 % VAT included.
      { product: "实施服务", quantity: 1, unitPrice: { amount: "5000000", currency: "CNY" }, discountBasisPoints: 0, vatRateBasisPoints: 600, pricesIncludeVat: true },
    ],
    paymentOptions: [
      {
        name: "分期",
        description: "预付款、到货款、验收款、质保金",
        pros: ["客户现金流压力小"],
        cons: ["回款周期长"],
        instalments: [
          { trigger: "ADVANCE", percentBasisPoints: 3000, dueDays: null },
          { trigger: "DELIVERY", percentBasisPoints: 4000, dueDays: 30 },
          { trigger: "ACCEPTANCE", percentBasisPoints: 2000, dueDays: 30 },
          { trigger: "RETENTION", percentBasisPoints: 1000, dueDays: 365 },
        ],
      },
    ],
  },
  risks: { risks: [{ risk: "供应商交货延迟", likelihood: "MEDIUM", impact: "HIGH", countermeasure: "双供应商备货" }] },
};

/** The SOP-6.2 preparation checklist, complete, with a floor of ¥950,000.00. */
export const COMPLETE_PREP = {
  goals: ["年内签约", "保住 25% 毛利"],
  priceFloor: { amount: "95000000", currency: "CNY" },
  repConcessions: ["免费培训 2 天"],
  managerConcessions: ["延长质保 1 年"],
  decisionMakers: [{ name: "陈总", title: "总经理", role: "签字" }],
};
