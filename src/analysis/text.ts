/**
 * @deprecated import from ./common/index.js: sentence text (money, pct, num, both) and ratio moved to the
 * analysis toolkit. This re-export goes once every domain imports from there.
 */
export { both, money, num, pct } from './common/text.js';
export { ratio } from './common/math.js';
