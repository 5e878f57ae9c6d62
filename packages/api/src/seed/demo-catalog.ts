// Name parts the demo data is assembled from: Chinese and English companies and people.

/** `division` is the city's administrative division code (行政区划代码), part of a credit code. */
export const CHINESE_CITIES = [
  { province: "上海", city: "上海", division: "310115" },
  { province: "北京", city: "北京", division: "110108" },
  { province: "广东", city: "深圳", division: "440300" },
  { province: "广东", city: "广州", division: "440106" },
  { province: "浙江", city: "杭州", division: "330106" },
  { province: "江苏", city: "苏州", division: "320505" },
  { province: "江苏", city: "南京", division: "320114" },
  { province: "四川", city: "成都", division: "510107" },
  { province: "湖北", city: "武汉", division: "420106" },
  { province: "山东", city: "青岛", division: "370212" },
] as const;

/**
 * Well-known names that turn up at a fixed interval, so the README's search example (华为)
 * finds a lead in any demo database of more than a few leads; each gets a credit code.
 */
export const FEATURED_COMPANIES = [
  { companyName: "华为技术有限公司", city: "深圳" },
  { companyName: "华为终端有限公司", city: "深圳" },
  { companyName: "华为软件技术有限公司", city: "南京" },
  { companyName: "华为云计算技术有限公司", city: "杭州" },
] as const;

export const CHINESE_BRANDS = ["恒信", "华鼎", "中科", "瑞丰", "天成", "金桥", "博远", "新创", "宏达", "鑫源", "启明", "远航", "智联", "东方", "长城"];
export const CHINESE_INDUSTRIES = ["精密机械", "电子科技", "智能制造", "物流", "医疗器械", "新材料", "软件", "环保科技", "食品", "汽车零部件"];
export const CHINESE_SUFFIXES = ["有限公司", "股份有限公司", "有限责任公司", "集团有限公司"];

export const ENGLISH_BRANDS = ["Northwind", "Bluepeak", "Harbor", "Evergreen", "Summit", "Pioneer", "Silverline", "Brightwave", "Ironwood", "Crescent"];
export const ENGLISH_INDUSTRIES = ["Robotics", "Logistics", "Medical", "Foods", "Electronics", "Materials", "Software", "Automation"];
export const ENGLISH_SUFFIXES = ["Co., Ltd.", "Inc.", "GmbH", "Ltd.", "Corporation"];

export const CHINESE_SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡"];
export const CHINESE_GIVEN_NAMES = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "军", "涛", "明", "超", "霞"];
export const ENGLISH_FIRST_NAMES = ["Emma", "Liam", "Olivia", "Noah", "Ava", "Lucas", "Mia", "Ethan", "Sophia", "Mason"];
export const ENGLISH_LAST_NAMES = ["Smith", "Müller", "Johnson", "Brown", "Garcia", "Schmidt", "Taylor", "Martin", "Lee", "Walker"];

export const CHINESE_TITLES = ["采购经理", "总经理", "技术总监", "IT主管", "生产经理", "财务总监", "运营副总裁"];
export const ENGLISH_TITLES = ["Procurement Manager", "CEO", "CTO", "IT Lead", "Operations Director", "CFO"];

export const SOURCE_DETAILS: Record<string, string[]> = {
  INDUSTRY_WEBSITE: ["中国制造网", "Made-in-China.com"],
  SOCIAL_MEDIA: ["LinkedIn", "微信公众号"],
  SEARCH_ENGINE: ["百度推广", "Bing Ads"],
  INDUSTRY_FORUM: ["智能制造论坛", "Automation Forum"],
  TRADE_SHOW: ["2026 上海工博会", "Hannover Messe 2026"],
  SEMINAR: ["数字化转型研讨会", "Supply Chain Seminar"],
  CHAMBER_EVENT: ["上海总商会年会", "AmCham Shanghai Mixer"],
  PARTNER_REFERRAL: ["渠道伙伴 华信集成", "Partner: Apex Integration"],
  CUSTOMER_REFERRAL: ["老客户 宏达电子", "Customer: Harbor Foods"],
};

export const BUSINESS_SCOPES = ["工业设备制造与销售", "电子元器件研发", "第三方物流服务", "医疗设备生产", "Software development", "Food processing"];
export const CURRENT_PRODUCTS = ["用友 U8", "金蝶云", "SAP Business One", "Excel spreadsheets", "自研系统", "Oracle NetSuite"];
export const DISQUALIFY_REASONS = ["预算不足 / no budget", "已选竞品 / chose a competitor", "需求不匹配 / not a fit", "联系不上 / unreachable"];
