// What the demo pipeline's opportunities are made of: the projects sold, a proposal and a
// negotiation checklist sized to each deal (SOP-5.2's six parts, SOP-6.2's checklist), and why
// deals are lost (SOP-6.3).
import type { LossReason } from "@sales/domain";

export interface DemoProject {
  name: string;
  summary: string;
  /** The hardware or licence line; its quantity grows with the deal. */
  product: string;
  /** One unit of `product`, in yuan before discount and VAT. */
  unitPriceYuan: number;
  configuration: (units: number) => string;
}

export const DEMO_PROJECTS: readonly DemoProject[] = [
  {
    name: "设备联网与预测性维护",
    summary: "部署设备联网与预测性维护平台，打通生产数据。",
    product: "边缘网关 EG-200",
    unitPriceYuan: 35_000,
    configuration: (units) => `${units} 台边缘网关，云平台 1 套，含安装调试与数据对接`,
  },
  {
    name: "MES 生产执行系统升级",
    summary: "上线 MES 生产执行系统，计划、报工与质量数据实时可见。",
    product: "车间终端 MT-10",
    unitPriceYuan: 12_000,
    configuration: (units) => `${units} 台车间终端，MES 平台 1 套，含旧系统数据迁移`,
  },
  {
    name: "智能仓储与物流自动化",
    summary: "建设自动化立体仓库与 WMS，缩短出入库时间。",
    product: "AGV 搬运机器人 AR-500",
    unitPriceYuan: 180_000,
    configuration: (units) => `${units} 台 AGV，WMS 1 套，含库位规划与现场调试`,
  },
  {
    name: "质量追溯系统建设",
    summary: "从原料到成品一物一码，质量问题可追溯到批次与工位。",
    product: "赋码与读码工作站 QT-3",
    unitPriceYuan: 48_000,
    configuration: (units) => `${units} 套赋码读码工作站，追溯平台 1 套`,
  },
  {
    name: "能源管理与碳排放监测",
    summary: "分项计量水电气，按产线核算能耗与碳排放。",
    product: "智能电表与采集器 EM-8",
    unitPriceYuan: 6_500,
    configuration: (units) => `${units} 套计量采集点，能源管理平台 1 套`,
  },
  {
    name: "机器视觉检测产线改造",
    summary: "以机器视觉替代人工目检，缺陷检出率与节拍同时提升。",
    product: "视觉检测工位 VI-2",
    unitPriceYuan: 260_000,
    configuration: (units) => `${units} 个视觉检测工位，含光源、相机与算法调优`,
  },
];

const NEEDS_ANALYSIS = {
  summary: "产线设备停机频繁，交付周期长，客户急需提升设备综合效率（OEE）。",
  painPoints: [
    { pain: "设备非计划停机多", cause: "设备老化，缺少状态监测与预测性维护" },
    { pain: "排产依赖人工经验", cause: "生产数据分散在纸质记录和多个 Excel 中" },
  ],
};

const FEN_PER_YUAN = 100n;
// About 70 % of a deal is the hardware line (5 % off, 13 % VAT on top); the service line, 6 % VAT
// included, carries the rest.
const HARDWARE_SHARE = 0.7;
const HARDWARE_DISCOUNT_BP = 500;
const HARDWARE_VAT_BP = 1300;

/**
 * A complete proposal for `project`, priced so its total with VAT comes to about `valueMinor`
 * (the opportunity's estimated value), with milestones starting on the expected close date.
 * `milestoneDates` are the contract, delivery, go-live and training dates.
 */
export function demoProposal(project: DemoProject, valueMinor: bigint, milestoneDates: readonly [string, string, string, string]) {
  const value = Number(valueMinor / FEN_PER_YUAN);
  const hardware = value * HARDWARE_SHARE;
  const perUnit = (1 - HARDWARE_DISCOUNT_BP / 10_000) * (1 + HARDWARE_VAT_BP / 10_000);
  const units = Math.max(1, Math.round(hardware / (project.unitPriceYuan * perUnit)));
  const unitPriceYuan = roundTo(hardware / (units * perUnit), 100);
  const serviceYuan = Math.max(1_000, roundTo(value - unitPriceYuan * units * perUnit, 100));
  const [signing, delivery, goLive, training] = milestoneDates;
  return {
    needsAnalysis: NEEDS_ANALYSIS,
    solution: { summary: project.summary, configuration: project.configuration(units) },
    productIntroduction: {
      summary: "工业物联网平台，支持主流 PLC 与传感器协议。",
      strengths: ["三年质保", "7×24 小时售后响应", "本地化实施团队"],
      caseStudies: ["华东某汽车零部件厂：非计划停机时间下降 35%"],
    },
    implementationPlan: {
      milestones: [
        { name: "合同签订", date: signing, deliverable: "合同与项目章程", owner: "销售" },
        { name: "设备到货", date: delivery, deliverable: "到货验收单", owner: "交付部" },
        { name: "安装调试", date: goLive, deliverable: "上线报告", owner: "技术部" },
        { name: "用户培训", date: training, deliverable: "培训记录与考核", owner: "客户成功部" },
      ],
    },
    pricing: {
      currency: "CNY",
      lines: [
        {
          product: project.product,
          quantity: units,
          unitPrice: yuan(unitPriceYuan),
          discountBasisPoints: HARDWARE_DISCOUNT_BP,
          vatRateBasisPoints: HARDWARE_VAT_BP,
          pricesIncludeVat: false,
        },
        { product: "实施与培训服务", quantity: 1, unitPrice: yuan(serviceYuan), discountBasisPoints: 0, vatRateBasisPoints: 600, pricesIncludeVat: true },
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
        { risk: "供应商交货延迟", likelihood: "MEDIUM", impact: "HIGH", countermeasure: "双供应商备货，提前 4 周下单" },
        { risk: "客户需求变更", likelihood: "MEDIUM", impact: "MEDIUM", countermeasure: "需求冻结后按变更流程评估与报价" },
      ],
    },
  };
}

/** The SOP-6.2 checklist, complete, with the deal's price floor. */
export function demoNegotiationPrep(floorMinor: bigint) {
  return {
    goals: ["本季度签约", "毛利不低于 25%"],
    priceFloor: { amount: String(floorMinor), currency: "CNY" },
    repConcessions: ["免费追加 2 天培训"],
    managerConcessions: ["质保延长 1 年"],
    decisionMakers: [
      { name: "陈总", title: "总经理", role: "签字" },
      { name: "李工", title: "设备部部长", role: "技术把关" },
    ],
  };
}

/** SOP-6.3 why demo deals are lost; OTHER needs a note, so every loss here has one. */
export const DEMO_LOSSES: readonly { reason: LossReason; note: string }[] = [
  { reason: "COMPETITOR", note: "客户选择了竞品的低价方案" },
  { reason: "PRICE", note: "报价高于客户预算上限" },
  { reason: "NO_BUDGET", note: "客户年度预算被冻结" },
  { reason: "NO_DECISION", note: "客户内部意见不一，项目搁置" },
  { reason: "TIMING", note: "项目推迟到明年再议" },
  { reason: "REQUIREMENTS_CHANGED", note: "客户改为整体外包，原方案不再适用" },
];

export const PAYMENT_TERMS = "30% 预付，40% 到货，20% 验收，10% 质保金";

const roundTo = (amount: number, step: number) => Math.round(amount / step) * step;
const yuan = (amount: number) => ({ amount: String(BigInt(amount) * FEN_PER_YUAN), currency: "CNY" });
