/** @deprecated import from ../common/index.js (the analysis toolkit); this re-export goes once nothing uses it. */
export { both, money, num, pct, ratio } from '../common/index.js';
