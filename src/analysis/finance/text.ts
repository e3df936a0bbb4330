/**
 * @deprecated import from ../common/index.js (the analysis toolkit); this re-export goes once nothing uses it.
 * Finance sentences give money to the cent: `money` here is the toolkit's `moneyExact`.
 */
export { both, list, moneyExact as money, pct, ratio, rowRanges } from '../common/index.js';
