/** What a header's words say about a column (English and Chinese): an id, a date, a measure. */

/** Lower-case words of a header: `CustomerID` → `customer id`, `order_date` → `order date`. */
export function headerWords(header: string): string {
  return header
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9#\u3400-\u9fff]+/g, ' ')
    .trim();
}

const ID_ANYWHERE = new Set([
  'id',
  'ids',
  'uid',
  'uuid',
  'guid',
  'sku',
  'ean',
  'upc',
  'isbn',
  'phone',
  'tel',
  'mobile',
  'zip',
  'postcode',
  'iban',
]);
const ID_LAST = new Set(['no', 'nr', 'num', 'number', 'code', 'key', '#', 'ref', 'reference']);
const ZH_ID = /编号|编码|代码|号码|单号|账号|卡号|工号|手机|电话|邮编|条码|(id|号)$/i;

/** The header names an identifier: `CustomerID`, `Invoice No`, `StockCode`, `客户ID`, `订单号`. */
export function isIdHeader(header: string): boolean {
  const words = headerWords(header).split(' ');
  if (words.some((w) => ID_ANYWHERE.has(w))) return true;
  if (words.length >= 2 && ID_LAST.has(words[words.length - 1])) return true;
  return ZH_ID.test(header.replace(/\s+/g, ''));
}

const DATE_WORDS = new Set(['date', 'day', 'time', 'datetime', 'timestamp', 'dt', 'dob', 'birthday']);
const ZH_DATE = /日期|时间|时刻|生日/;

/** The header names a date or time: `Order Date`, `InvoiceDate`, `created_at`, `下单时间`. */
export function isDateHeader(header: string): boolean {
  const words = headerWords(header).split(' ');
  if (words.some((w) => DATE_WORDS.has(w))) return true;
  if (words.length >= 2 && (words[words.length - 1] === 'at' || words[words.length - 1] === 'on')) return true;
  return ZH_DATE.test(header);
}

const MEASURE_WORDS = new Set([
  'amount',
  'amt',
  'revenue',
  'sales',
  'gmv',
  'spend',
  'spent',
  'cost',
  'costs',
  'price',
  'value',
  'total',
  'subtotal',
  'budget',
  'qty',
  'quantity',
  'units',
  'clicks',
  'impressions',
  'conversions',
  'fee',
  'fees',
  'tax',
  'discount',
  'profit',
  'margin',
]);
const ZH_MEASURE =
  /金额|收入|营收|销售额|销量|花费|消耗|费用|成本|价格|单价|总价|预算|数量|点击|曝光|展示|转化|消费|税额|折扣|利润|毛利/;

/** The header names a measured quantity: `Amount`, `Order Value`, `spend_usd`, `销售额`, `数量`. */
export function isMeasureHeader(header: string): boolean {
  if (
    headerWords(header)
      .split(' ')
      .some((w) => MEASURE_WORDS.has(w))
  )
    return true;
  return ZH_MEASURE.test(header);
}

const RATIO_WORDS =
  /\b(per|avg|average|mean|rate|ratio|roas|roi|ctr|cvr|cpc|cpm|cpa|cpl|cpv|cpi|ecpm|ecpc|frequency|share|pct|percent|percentage)\b/;
const SLASH_RATIO = /[a-z.)]\s*\/\s*[a-z(]/i;
const ZH_RATIO =
  /率|比例|占比|单价|均价|平均|千次|每|单次|客单价|(转化|点击|展现|展示|曝光|线索|激活|下单|付费|注册|订单|成交|获客|粉丝|互动|播放|结果)(成本|费用|花费)|roi|roas/i;

/**
 * The header names a ratio, not an amount or a count: `Cost per results`, `Avg. CPC`, `CPM`, `Cost / conv.`,
 * `Conv. value / cost`, `CTR`, `Purchase ROAS`, `转化成本`, `平均点击价格`, `点击率`. Such a column is never spend,
 * revenue, impressions or conversions, whatever other words it holds.
 */
export function isRatioHeader(header: string): boolean {
  if (header.includes('%') || SLASH_RATIO.test(header)) return true;
  if (RATIO_WORDS.test(headerWords(header))) return true;
  return ZH_RATIO.test(header.replace(/\s+/g, ''));
}
