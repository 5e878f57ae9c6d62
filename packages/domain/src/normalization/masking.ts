// What an analyst sees of a contact's details (architecture.md, "Roles"): enough to tell two
// records apart in a report, not enough to call or message the person.

/** "+8613800138000" → "+86138****8000": the country code and carrier prefix, and the last four digits. */
export function maskPhone(phone: string): string {
  if (phone.length <= 8) return "****";
  return `${phone.slice(0, phone.length - 8)}****${phone.slice(-4)}`;
}

/** "zhang.wei@example.com" → "z***@example.com": the domain stays, which is the company's. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** "wxid_zhangwei88" → "w***8". */
export function maskWechatId(wechatId: string): string {
  const chars = [...wechatId];
  return chars.length <= 2 ? "***" : `${chars[0]}***${chars.at(-1)}`;
}
