var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res2, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res2 = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res2;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// src/ingest/coded-texts.ts
var init_coded_texts = __esm({
  "src/ingest/coded-texts.ts"() {
    "use strict";
  }
});

// src/ingest/column-values.ts
var init_column_values = __esm({
  "src/ingest/column-values.ts"() {
    "use strict";
    init_coded_texts();
  }
});

// src/a1.ts
var init_a1 = __esm({
  "src/a1.ts"() {
    "use strict";
  }
});

// src/ingest/errors.ts
var init_errors = __esm({
  "src/ingest/errors.ts"() {
    "use strict";
  }
});

// src/ingest/address.ts
var init_address = __esm({
  "src/ingest/address.ts"() {
    "use strict";
    init_a1();
    init_errors();
  }
});

// src/ingest/excel-errors.ts
var init_excel_errors = __esm({
  "src/ingest/excel-errors.ts"() {
    "use strict";
  }
});

// src/ingest/parse-date.ts
var TIME, YMD, YMD_ZH, XY, D_MON_Y, MON_D_Y;
var init_parse_date = __esm({
  "src/ingest/parse-date.ts"() {
    "use strict";
    TIME = String.raw`(\d{1,2})(?::|时)(\d{2})(?:(?::|分)(\d{2})(?:\.(\d{1,9}))?秒?)?\s*(am|pm|上午|下午)?\s*(z|[+-]\d{2}:?\d{2})?`;
    YMD = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:t|\s+)${TIME})?$`, "i");
    YMD_ZH = new RegExp(String.raw`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(?:\s*${TIME})?$`, "i");
    XY = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?:,?\s+${TIME})?$`, "i");
    D_MON_Y = new RegExp(String.raw`^(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s,-]+(\d{4}|\d{2})(?:,?\s+${TIME})?$`, "i");
    MON_D_Y = new RegExp(String.raw`^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+${TIME})?$`, "i");
  }
});

// src/ingest/number-format.ts
var init_number_format = __esm({
  "src/ingest/number-format.ts"() {
    "use strict";
  }
});

// src/ingest/parse-number.ts
var init_parse_number = __esm({
  "src/ingest/parse-number.ts"() {
    "use strict";
    init_number_format();
  }
});

// src/ingest/cells.ts
var init_cells = __esm({
  "src/ingest/cells.ts"() {
    "use strict";
    init_excel_errors();
    init_parse_date();
    init_parse_number();
  }
});

// src/ingest/diagnostics.ts
function cellRef(sheet, cell) {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(sheet) ? `${sheet}!${cell}` : `'${sheet.replace(/'/g, "''")}'!${cell}`;
}
function zhKind(v) {
  return v === void 0 ? "" : ZH_KINDS[v] ?? v;
}
var col, colZh, cnt, cellsEn, cellsZh, rowsEn, rowsZh, ex, exZh, cells, rowsWord, INGEST_DIAGNOSTICS, INGEST_DIAGNOSTIC_CODES, GRAIN_EN, GRAIN_ZH, GRAIN_ZH_COUNT, KEY_EN, KEY_ZH, MEASURE_EN, MEASURE_ZH, REASON_EN, REASON_ZH, ROLE_WORDS, roleEn, roleZh, ZH_KINDS;
var init_diagnostics = __esm({
  "src/ingest/diagnostics.ts"() {
    "use strict";
    col = (w) => w.column !== void 0 ? `Column "${w.column}"${w.columnLetter ? ` (${w.columnLetter})` : ""}` : "The table";
    colZh = (w) => w.column !== void 0 ? `\u5217\u201C${w.column}\u201D${w.columnLetter ? `\uFF08${w.columnLetter} \u5217\uFF09` : ""}` : "\u8BE5\u8868";
    cnt = (w) => w.count ?? w.rows?.length ?? 0;
    cellsEn = (w) => {
      const cells2 = w.cells ?? [];
      const more = cnt(w) > cells2.length ? ", \u2026" : "";
      return ` (cell${cells2.length > 1 ? "s" : ""} ${cells2.map((c) => cellRef(w.sheet, c)).join(", ")}${more})`;
    };
    cellsZh = (w) => {
      const cells2 = w.cells ?? [];
      const more = cnt(w) > cells2.length ? "\u3001\u2026" : "";
      return `\uFF08\u5355\u5143\u683C ${cells2.map((c) => cellRef(w.sheet, c)).join("\u3001")}${more}\uFF09`;
    };
    rowsEn = (w) => {
      if (w.cells?.length) return cellsEn(w);
      const rows = w.rows ?? [];
      if (rows.length === 0) return "";
      const more = cnt(w) > rows.length ? ", \u2026" : "";
      return ` (row${rows.length > 1 ? "s" : ""} ${rows.join(", ")}${more})`;
    };
    rowsZh = (w) => {
      if (w.cells?.length) return cellsZh(w);
      const rows = w.rows ?? [];
      if (rows.length === 0) return "";
      const more = cnt(w) > rows.length ? "\u3001\u2026" : "";
      return `\uFF08\u7B2C ${rows.join("\u3001")}${more} \u884C\uFF09`;
    };
    ex = (p) => p.examples?.length ? p.examples.map((e) => `"${e}"`).join(", ") : "";
    exZh = (p) => p.examples?.length ? p.examples.map((e) => `\u201C${e}\u201D`).join("\u3001") : "";
    cells = (n) => `${n} cell${n === 1 ? "" : "s"}`;
    rowsWord = (n) => `${n} row${n === 1 ? "" : "s"}`;
    INGEST_DIAGNOSTICS = {
      "empty-sheet": {
        severity: "error",
        en: (w) => `Sheet "${w.sheet}" holds no data: there is nothing to analyse.`,
        zh: (w) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\u6CA1\u6709\u6570\u636E\uFF0C\u65E0\u6CD5\u5206\u6790\u3002`
      },
      "no-data-rows": {
        severity: "error",
        en: (w) => `Sheet "${w.sheet}" has a header row but no data rows below it.`,
        zh: (w) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\u53EA\u6709\u6807\u9898\u884C\uFF0C\u4E0B\u9762\u6CA1\u6709\u6570\u636E\u884C\u3002`
      },
      "no-header": {
        severity: "warning",
        en: (w) => `No header row was found in sheet "${w.sheet}"; columns are named after their letters (Column A, Column B, \u2026). Add a header row with column names for better results.`,
        zh: (w) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\u4E2D\u672A\u627E\u5230\u6807\u9898\u884C\uFF0C\u5404\u5217\u6309\u5217\u5B57\u6BCD\u547D\u540D\uFF08\u5217 A\u3001\u5217 B\u2026\u2026\uFF09\u3002\u5EFA\u8BAE\u6DFB\u52A0\u5305\u542B\u5217\u540D\u7684\u6807\u9898\u884C\u3002`
      },
      "rows-above-header": {
        severity: "info",
        en: (w) => `${rowsWord(cnt(w))} above the header row (titles or notes) ${cnt(w) === 1 ? "was" : "were"} skipped${rowsEn(w)}.`,
        zh: (w) => `\u8DF3\u8FC7\u4E86\u6807\u9898\u884C\u4E0A\u65B9\u7684 ${cnt(w)} \u884C\uFF08\u6807\u9898\u6216\u5907\u6CE8\uFF09${rowsZh(w)}\u3002`
      },
      "two-row-header": {
        severity: "info",
        en: (w) => `The header spans two rows${rowsEn(w)}; column names join both rows with " / ".`,
        zh: (w) => `\u6807\u9898\u5360\u4E24\u884C${rowsZh(w)}\uFF0C\u5217\u540D\u7531\u4E24\u884C\u4EE5\u201C / \u201D\u8FDE\u63A5\u800C\u6210\u3002`
      },
      "blank-rows-dropped": {
        severity: "info",
        en: (w) => `${rowsWord(cnt(w))} inside the table ${cnt(w) === 1 ? "is" : "are"} completely blank and ${cnt(w) === 1 ? "was" : "were"} left out${rowsEn(w)}.`,
        zh: (w) => `\u8868\u683C\u4E2D\u6709 ${cnt(w)} \u884C\u5B8C\u5168\u7A7A\u767D\uFF0C\u5DF2\u5FFD\u7565${rowsZh(w)}\u3002`
      },
      "total-rows-excluded": {
        severity: "info",
        en: (w, p) => `${rowsWord(cnt(w))} at the end of the table look${cnt(w) === 1 ? "s" : ""} like totals (${ex(p)}) and ${cnt(w) === 1 ? "was" : "were"} left out so nothing is counted twice${rowsEn(w)}.`,
        zh: (w, p) => `\u8868\u683C\u672B\u5C3E\u6709 ${cnt(w)} \u884C\u662F\u5408\u8BA1\u884C\uFF08${exZh(p)}\uFF09\uFF0C\u4E3A\u907F\u514D\u91CD\u590D\u8BA1\u7B97\u5DF2\u6392\u9664${rowsZh(w)}\u3002`
      },
      "subtotal-rows-excluded": {
        severity: "warning",
        en: (w, p) => `${rowsWord(cnt(w))} inside the table look${cnt(w) === 1 ? "s" : ""} like subtotals (${ex(p)}) and ${cnt(w) === 1 ? "was" : "were"} left out so nothing is counted twice${rowsEn(w)}. Check that these rows are not real data.`,
        zh: (w, p) => `\u8868\u683C\u4E2D\u6709 ${cnt(w)} \u884C\u662F\u5C0F\u8BA1\u884C\uFF08${exZh(p)}\uFF09\uFF0C\u4E3A\u907F\u514D\u91CD\u590D\u8BA1\u7B97\u5DF2\u6392\u9664${rowsZh(w)}\u3002\u8BF7\u786E\u8BA4\u8FD9\u4E9B\u884C\u4E0D\u662F\u5B9E\u9645\u6570\u636E\u3002`
      },
      "summary-row-excluded": {
        severity: "info",
        en: (w) => `${rowsWord(cnt(w))} of sheet "${w.sheet}" ${cnt(w) === 1 ? "has" : "have"} no label and ${cnt(w) === 1 ? "its" : "their"} numbers are the sums of the other rows (an export's summary row); left out so nothing is counted twice${rowsEn(w)}.`,
        zh: (w) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\u4E2D\u6709 ${cnt(w)} \u884C\u6CA1\u6709\u540D\u79F0\uFF0C\u6570\u503C\u7B49\u4E8E\u5176\u4F59\u5404\u884C\u4E4B\u548C\uFF08\u5BFC\u51FA\u6587\u4EF6\u7684\u6C47\u603B\u884C\uFF09\uFF0C\u4E3A\u907F\u514D\u91CD\u590D\u8BA1\u7B97\u5DF2\u6392\u9664${rowsZh(w)}\u3002`
      },
      "total-column-excluded": {
        severity: "info",
        en: (w) => `${col(w)} of sheet "${w.sheet}" holds totals of the other columns and was left out so nothing is counted twice.`,
        zh: (w) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\u7684${colZh(w)}\u662F\u5176\u4ED6\u5217\u7684\u5408\u8BA1\uFF0C\u4E3A\u907F\u514D\u91CD\u590D\u8BA1\u7B97\u5DF2\u6392\u9664\u3002`
      },
      "header-empty": {
        severity: "info",
        en: (w) => `Column ${w.columnLetter ?? ""} has no header; it is called "${w.column ?? ""}".`,
        zh: (w) => `${w.columnLetter ?? ""} \u5217\u6CA1\u6709\u5217\u540D\uFF0C\u5DF2\u547D\u540D\u4E3A\u201C${w.column ?? ""}\u201D\u3002`
      },
      "header-duplicate": {
        severity: "info",
        en: (w, p) => `Header "${p.other ?? ""}" appears more than once; column ${w.columnLetter ?? ""} is called "${w.column ?? ""}".`,
        zh: (w, p) => `\u5217\u540D\u201C${p.other ?? ""}\u201D\u91CD\u590D\u51FA\u73B0\uFF0C${w.columnLetter ?? ""} \u5217\u5DF2\u6539\u540D\u4E3A\u201C${w.column ?? ""}\u201D\u3002`
      },
      "blank-column-dropped": {
        severity: "info",
        en: (w) => `Column ${w.columnLetter ?? ""} is completely blank and was left out.`,
        zh: (w) => `${w.columnLetter ?? ""} \u5217\u5B8C\u5168\u7A7A\u767D\uFF0C\u5DF2\u5FFD\u7565\u3002`
      },
      "column-empty": {
        severity: "warning",
        en: (w) => `${col(w)} has a header but no values.`,
        zh: (w) => `${colZh(w)}\u6709\u5217\u540D\u4F46\u6CA1\u6709\u4EFB\u4F55\u6570\u503C\u3002`
      },
      "jagged-rows": {
        severity: "warning",
        en: (w) => `${rowsWord(cnt(w))} of sheet "${w.sheet}" ${cnt(w) === 1 ? "is" : "are"} shorter or longer than the others; missing cells are read as blank${rowsEn(w)}.`,
        zh: (w) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\u4E2D\u6709 ${cnt(w)} \u884C\u957F\u5EA6\u4E0E\u5176\u4ED6\u884C\u4E0D\u540C\uFF0C\u7F3A\u5C11\u7684\u5355\u5143\u683C\u6309\u7A7A\u767D\u5904\u7406${rowsZh(w)}\u3002`
      },
      "excel-errors": {
        severity: "warning",
        en: (w, p) => `${col(w)}: ${cells(cnt(w))} hold${cnt(w) === 1 ? "s" : ""} Excel errors (${ex(p)}) and ${cnt(w) === 1 ? "is" : "are"} read as blank${rowsEn(w)}. Fix the formulas to include these rows.`,
        zh: (w, p) => `${colZh(w)}\uFF1A${cnt(w)} \u4E2A\u5355\u5143\u683C\u662F Excel \u9519\u8BEF\u503C\uFF08${exZh(p)}\uFF09\uFF0C\u6309\u7A7A\u767D\u5904\u7406${rowsZh(w)}\u3002\u4FEE\u6B63\u516C\u5F0F\u540E\u8FD9\u4E9B\u884C\u624D\u4F1A\u8BA1\u5165\u3002`
      },
      "stray-values": {
        severity: "warning",
        en: (w, p) => `${col(w)} holds ${p.value ?? "values"}, but ${cells(cnt(w))} cannot be read as such (${ex(p)}) and ${cnt(w) === 1 ? "is" : "are"} read as blank${rowsEn(w)}.`,
        zh: (w, p) => `${colZh(w)}\u5E94\u4E3A${zhKind(p.value)}\uFF0C\u4F46\u6709 ${cnt(w)} \u4E2A\u5355\u5143\u683C\u65E0\u6CD5\u8BC6\u522B\uFF08${exZh(p)}\uFF09\uFF0C\u6309\u7A7A\u767D\u5904\u7406${rowsZh(w)}\u3002`
      },
      "missing-markers": {
        severity: "info",
        en: (w, p) => `${col(w)}: ${cells(cnt(w))} mark${cnt(w) === 1 ? "s" : ""} a missing value (${ex(p)}) and ${cnt(w) === 1 ? "is" : "are"} read as blank${rowsEn(w)}.`,
        zh: (w, p) => `${colZh(w)}\uFF1A${cnt(w)} \u4E2A\u5355\u5143\u683C\u8868\u793A\u7F3A\u5931\u503C\uFF08${exZh(p)}\uFF09\uFF0C\u6309\u7A7A\u767D\u5904\u7406${rowsZh(w)}\u3002`
      },
      "invalid-numbers": {
        severity: "warning",
        en: (w) => `${col(w)}: ${cells(cnt(w))} hold${cnt(w) === 1 ? "s" : ""} a number that is not finite (NaN or infinity) and ${cnt(w) === 1 ? "is" : "are"} read as blank${rowsEn(w)}.`,
        zh: (w) => `${colZh(w)}\uFF1A${cnt(w)} \u4E2A\u5355\u5143\u683C\u4E0D\u662F\u6709\u9650\u6570\u503C\uFF08NaN \u6216\u65E0\u7A77\u5927\uFF09\uFF0C\u6309\u7A7A\u767D\u5904\u7406${rowsZh(w)}\u3002`
      },
      "mixed-types": {
        severity: "warning",
        en: (w) => `${col(w)} mixes numbers, dates and text with no clear majority; it is read as text.`,
        zh: (w) => `${colZh(w)}\u6DF7\u6709\u6570\u5B57\u3001\u65E5\u671F\u548C\u6587\u672C\uFF0C\u65E0\u6CD5\u5224\u65AD\u7C7B\u578B\uFF0C\u6309\u6587\u672C\u5904\u7406\u3002`
      },
      "date-order-ambiguous": {
        severity: "warning",
        en: (w, p) => `${col(w)}: dates such as ${ex(p)} could be day/month or month/day; they were read as ${p.value === "dmy" ? "day/month/year" : "month/day/year"}. Check a few rows${rowsEn(w)}.`,
        zh: (w, p) => `${colZh(w)}\uFF1A${exZh(p)} \u7B49\u65E5\u671F\u65E0\u6CD5\u533A\u5206\u65E5/\u6708\u987A\u5E8F\uFF0C\u5DF2\u6309${p.value === "dmy" ? "\u201C\u65E5/\u6708/\u5E74\u201D" : "\u201C\u6708/\u65E5/\u5E74\u201D"}\u8BFB\u53D6\uFF0C\u8BF7\u6838\u5BF9${rowsZh(w)}\u3002`
      },
      "date-order-mixed": {
        severity: "warning",
        en: (w, p) => `${col(w)} mixes day/month and month/day dates; ${cells(cnt(w))} that contradict the column's order (${ex(p)}) are read as blank${rowsEn(w)}.`,
        zh: (w, p) => `${colZh(w)}\u6DF7\u7528\u4E86\u201C\u65E5/\u6708\u201D\u548C\u201C\u6708/\u65E5\u201D\u987A\u5E8F\uFF0C\u4E0E\u672C\u5217\u987A\u5E8F\u77DB\u76FE\u7684 ${cnt(w)} \u4E2A\u5355\u5143\u683C\uFF08${exZh(p)}\uFF09\u6309\u7A7A\u767D\u5904\u7406${rowsZh(w)}\u3002`
      },
      "date-1900-leap-bug": {
        severity: "warning",
        en: (w) => `${col(w)}: ${cells(cnt(w))} hold${cnt(w) === 1 ? "s" : ""} 29 February 1900 (Excel serial 60), a day that never existed (an old Excel quirk); read as blank${rowsEn(w)}.`,
        zh: (w) => `${colZh(w)}\uFF1A${cnt(w)} \u4E2A\u5355\u5143\u683C\u4E3A 1900 \u5E74 2 \u6708 29 \u65E5\uFF08Excel \u5E8F\u5217\u53F7 60\uFF09\uFF0C\u8BE5\u65E5\u671F\u5B9E\u9645\u4E0D\u5B58\u5728\uFF08Excel \u7684\u5386\u53F2\u95EE\u9898\uFF09\uFF0C\u6309\u7A7A\u767D\u5904\u7406${rowsZh(w)}\u3002`
      },
      "date-out-of-range": {
        severity: "warning",
        en: (w, p) => `${col(w)}: ${cells(cnt(w))} hold${cnt(w) === 1 ? "s" : ""} dates Excel cannot show (before 1900 or after 9999, e.g. ${ex(p)}); read as blank${rowsEn(w)}.`,
        zh: (w, p) => `${colZh(w)}\uFF1A${cnt(w)} \u4E2A\u5355\u5143\u683C\u7684\u65E5\u671F\u8D85\u51FA Excel \u8303\u56F4\uFF08\u65E9\u4E8E 1900 \u5E74\u6216\u665A\u4E8E 9999 \u5E74\uFF0C\u5982 ${exZh(p)}\uFF09\uFF0C\u6309\u7A7A\u767D\u5904\u7406${rowsZh(w)}\u3002`
      },
      "date-1904-shifted": {
        severity: "info",
        en: (w) => `${col(w)}: the workbook uses the 1904 date system; dates were shifted to the 1900 system (+1462 days).`,
        zh: (w) => `${colZh(w)}\uFF1A\u5DE5\u4F5C\u7C3F\u4F7F\u7528 1904 \u65E5\u671F\u7CFB\u7EDF\uFF0C\u65E5\u671F\u5DF2\u6362\u7B97\u4E3A 1900 \u65E5\u671F\u7CFB\u7EDF\uFF08+1462 \u5929\uFF09\u3002`
      },
      "serials-as-dates": {
        severity: "info",
        en: (w, p) => `${col(w)} holds plain numbers (e.g. ${ex(p)}) that the header marks as dates; they were read as dates.`,
        zh: (w, p) => `${colZh(w)}\u4E3A\u666E\u901A\u6570\u5B57\uFF08\u5982 ${exZh(p)}\uFF09\uFF0C\u4F46\u5217\u540D\u8868\u660E\u662F\u65E5\u671F\uFF0C\u5DF2\u6309\u65E5\u671F\u8BFB\u53D6\u3002`
      },
      "mixed-currencies": {
        severity: "warning",
        en: (w, p) => `${col(w)} mixes currencies (${p.value ?? ""}); amounts are not converted, so sums mix currencies${rowsEn(w)}.`,
        zh: (w, p) => `${colZh(w)}\u6DF7\u6709\u591A\u79CD\u5E01\u79CD\uFF08${p.value ?? ""}\uFF09\uFF0C\u91D1\u989D\u672A\u505A\u6362\u7B97\uFF0C\u5408\u8BA1\u4F1A\u6DF7\u5408\u5E01\u79CD${rowsZh(w)}\u3002`
      },
      "decimal-comma": {
        severity: "info",
        en: (w, p) => `${col(w)} writes numbers with a decimal comma (e.g. ${ex(p)}); read as such.`,
        zh: (w, p) => `${colZh(w)}\u4F7F\u7528\u9017\u53F7\u4F5C\u4E3A\u5C0F\u6570\u70B9\uFF08\u5982 ${exZh(p)}\uFF09\uFF0C\u5DF2\u6309\u6B64\u8BFB\u53D6\u3002`
      },
      "leading-zeros-kept": {
        severity: "info",
        en: (w, p) => `${col(w)} holds numbers with leading zeros (e.g. ${ex(p)}); kept as identifiers (text) so the zeros stay.`,
        zh: (w, p) => `${colZh(w)}\u4E2D\u7684\u6570\u5B57\u5E26\u524D\u5BFC\u96F6\uFF08\u5982 ${exZh(p)}\uFF09\uFF0C\u6309\u6807\u8BC6\uFF08\u6587\u672C\uFF09\u4FDD\u7559\u524D\u5BFC\u96F6\u3002`
      },
      "amount-derived": {
        severity: "info",
        en: (w, p) => `There is no amount column; "${w.column ?? ""}" was computed as ${p.value ?? ""} \xD7 ${p.other ?? ""} for each row.`,
        zh: (w, p) => `\u6CA1\u6709\u91D1\u989D\u5217\uFF1B\u5DF2\u6309\u6BCF\u884C ${p.value ?? ""} \xD7 ${p.other ?? ""} \u8BA1\u7B97\u51FA\u201C${w.column ?? ""}\u201D\u3002`
      },
      "spend-is-cost-per-result": {
        severity: "info",
        en: (w, p) => `${col(w)} equals "${p.value ?? ""}" divided by "${p.other ?? ""}" row by row: it is a cost per result, not an amount to add up. "${p.value ?? ""}" is used as the money column.`,
        zh: (w, p) => `${colZh(w)}\u9010\u884C\u7B49\u4E8E\u201C${p.value ?? ""}\u201D\u9664\u4EE5\u201C${p.other ?? ""}\u201D\uFF0C\u662F\u5355\u4F4D\u6210\u672C\uFF0C\u4E0D\u80FD\u76F8\u52A0\uFF1B\u5DF2\u6539\u7528\u201C${p.value ?? ""}\u201D\u4F5C\u4E3A\u91D1\u989D\u5217\u3002`
      },
      "money-column-ambiguous": {
        severity: "warning",
        en: (w, p) => `Sheet "${w.sheet}": columns "${w.column ?? ""}" (${w.columnLetter ?? ""}) and "${p.other ?? ""}" (${p.examples?.[0] ?? ""}) could both be the ${roleEn(p.value)}, and their values do not settle it (neither is the other per result, a part of it, or a paid amount never above it). "${w.column ?? ""}" was taken${REASON_EN[p.reason ?? "first-column"]}. To use "${p.other ?? ""}" instead, give it the role "${p.value ?? ""}" in the Data step or in the recipe's roles.`,
        zh: (w, p) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\uFF1A\u5217\u201C${w.column ?? ""}\u201D\uFF08${w.columnLetter ?? ""} \u5217\uFF09\u548C\u201C${p.other ?? ""}\u201D\uFF08${p.examples?.[0] ?? ""} \u5217\uFF09\u90FD\u53EF\u80FD\u662F${roleZh(p.value)}\uFF0C\u6570\u503C\u65E0\u6CD5\u5224\u65AD\uFF08\u65E2\u4E0D\u662F\u53E6\u4E00\u5217\u7684\u5355\u4F4D\u6210\u672C\u6216\u7EC4\u6210\u90E8\u5206\uFF0C\u4E5F\u4E0D\u662F\u59CB\u7EC8\u4E0D\u9AD8\u4E8E\u53E6\u4E00\u5217\u7684\u5B9E\u4ED8\u91D1\u989D\uFF09\u3002\u5DF2\u91C7\u7528\u201C${w.column ?? ""}\u201D${REASON_ZH[p.reason ?? "first-column"]}\u3002\u5982\u5E94\u4F7F\u7528\u201C${p.other ?? ""}\u201D\uFF0C\u8BF7\u5728\u201C\u6570\u636E\u201D\u6B65\u9AA4\u6216\u914D\u7F6E\u7684\u5217\u89D2\u8272\u4E2D\u4E3A\u5B83\u6307\u5B9A\u89D2\u8272\u201C${p.value ?? ""}\u201D\u3002`
      },
      "money-column-total": {
        severity: "info",
        en: (w, p) => `${col(w)} equals ${p.value ?? ""} row by row: it is the total, used as the money column; "${p.other ?? ""}" is a part of it.`,
        zh: (w, p) => `${colZh(w)}\u9010\u884C\u7B49\u4E8E ${p.value ?? ""}\uFF1A\u5B83\u662F\u5408\u8BA1\u91D1\u989D\uFF0C\u5DF2\u4F5C\u4E3A\u91D1\u989D\u5217\uFF1B\u201C${p.other ?? ""}\u201D\u662F\u5176\u7EC4\u6210\u90E8\u5206\u3002`
      },
      "money-column-paid": {
        severity: "info",
        en: (w, p) => `${col(w)} is a paid amount never above "${p.other ?? ""}" (${p.examples?.[0] ?? ""}), and below it on some rows (discounts): it is the money actually paid and is used as the money column.`,
        zh: (w, p) => `${colZh(w)}\u662F\u5B9E\u4ED8\u91D1\u989D\uFF0C\u59CB\u7EC8\u4E0D\u9AD8\u4E8E\u201C${p.other ?? ""}\u201D\uFF08${p.examples?.[0] ?? ""} \u5217\uFF09\uFF0C\u90E8\u5206\u884C\u66F4\u4F4E\uFF08\u4F18\u60E0\uFF09\uFF1A\u5B83\u662F\u5B9E\u9645\u652F\u4ED8\u7684\u91D1\u989D\uFF0C\u5DF2\u4F5C\u4E3A\u91D1\u989D\u5217\u3002`
      },
      "results-not-conversions": {
        severity: "warning",
        en: (w, p) => `${col(w)} counts the results of objectives that are not conversions (${ex(p)} in "${p.other ?? ""}"), so it is not used as conversions. If every row's results are conversions, give it the role "conversions" yourself.`,
        zh: (w, p) => `${colZh(w)}\u7EDF\u8BA1\u7684\u662F\u975E\u8F6C\u5316\u76EE\u6807\u7684\u6210\u679C\uFF08\u201C${p.other ?? ""}\u201D\u5217\u4E2D\u7684 ${exZh(p)}\uFF09\uFF0C\u56E0\u6B64\u4E0D\u4F5C\u4E3A\u8F6C\u5316\u6570\u4F7F\u7528\u3002\u5982\u6BCF\u884C\u7684\u6210\u679C\u90FD\u662F\u8F6C\u5316\uFF0C\u8BF7\u624B\u52A8\u4E3A\u5B83\u6307\u5B9A\u89D2\u8272\u201Cconversions\u201D\u3002`
      },
      "format-recognised": {
        severity: "info",
        en: (w, p) => `Sheet "${w.sheet}" has the headers of a ${p.value ?? ""} (${p.examples?.[2] ?? ""}); its columns were read the way that export writes them: ${p.examples?.[0] ?? ""}.${p.examples?.[1] ? ` Not used: ${p.examples[1]}.` : ""} If a column means something else here, change its role in the Data step or in the recipe.`,
        zh: (w, p) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\u7684\u5217\u540D\u4E0E${p.other ?? ""}\u4E00\u81F4\uFF08${p.examples?.[2] ?? ""}\uFF09\uFF0C\u5DF2\u6309\u8BE5\u5BFC\u51FA\u683C\u5F0F\u8BFB\u53D6\u5404\u5217\uFF1A${p.examples?.[0] ?? ""}\u3002${p.examples?.[1] ? `\u4E0D\u4F7F\u7528\uFF1A${p.examples[1]}\u3002` : ""}\u5982\u67D0\u5217\u542B\u4E49\u4E0D\u540C\uFF0C\u8BF7\u5728\u201C\u6570\u636E\u201D\u6B65\u9AA4\u6216\u914D\u7F6E\u4E2D\u4FEE\u6539\u5176\u89D2\u8272\u3002`
      },
      "format-kind-differs": {
        severity: "info",
        en: (w, p) => `Sheet "${w.sheet}" has the headers of a ${p.value ?? ""}, but it was marked as ${p.other ?? ""}; it is read as ${p.other ?? ""}.`,
        zh: (w, p) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\u7684\u5217\u540D\u4E0E ${p.value ?? ""} \u4E00\u81F4\uFF0C\u4F46\u5DF2\u88AB\u6307\u5B9A\u4E3A${zhKind(p.other)}\uFF0C\u6309${zhKind(p.other)}\u8BFB\u53D6\u3002`
      },
      "kind-unrecognised": {
        severity: "info",
        en: (w) => `Loopbook could not tell what sheet "${w.sheet}" holds (orders, customers, campaigns \u2026); choose the table kind and the column roles yourself.`,
        zh: (w) => `\u65E0\u6CD5\u5224\u65AD\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\u7684\u5185\u5BB9\uFF08\u8BA2\u5355\u3001\u5BA2\u6237\u3001\u6295\u653E\u6D3B\u52A8\u2026\u2026\uFF09\uFF0C\u8BF7\u624B\u52A8\u9009\u62E9\u8868\u7C7B\u578B\u548C\u5217\u89D2\u8272\u3002`
      },
      "wide-periods": {
        severity: "warning",
        en: (w, p) => `Sheet "${w.sheet}" has periods across its columns (${ex(p)} in ${p.value ?? ""}). Loopbook reads one row per channel and period, with columns such as channel, month and amount. Turn the period columns into rows (Excel: Data \u203A From Table/Range, then Transform \u203A Unpivot Columns) and run again.`,
        zh: (w, p) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\u7684\u671F\u95F4\u6A2A\u5411\u6392\u5728\u5404\u5217\uFF08${p.value ?? ""} \u5217\u7684 ${exZh(p)}\uFF09\u3002Loopbook \u9700\u8981\u6BCF\u4E2A\u6E20\u9053\u3001\u6BCF\u4E2A\u671F\u95F4\u4E00\u884C\uFF0C\u4F8B\u5982\u6E20\u9053\u3001\u6708\u4EFD\u3001\u91D1\u989D\u4E09\u5217\u3002\u8BF7\u628A\u671F\u95F4\u5217\u8F6C\u4E3A\u884C\uFF08\u5728 Excel \u4E2D\u9009\u62E9\u201C\u6570\u636E \u203A \u6765\u81EA\u8868\u683C/\u533A\u57DF\u201D\uFF0C\u518D\u9009\u62E9\u201C\u8F6C\u6362 \u203A \u9006\u900F\u89C6\u5217\u201D\uFF09\u540E\u518D\u8FD0\u884C\u3002`
      },
      "wide-unpivoted": {
        severity: "info",
        en: (w, p) => `Sheet "${w.sheet}" has ${GRAIN_EN[p.grain ?? "month"]}s across its columns (${p.value ?? ""}): read as ${p.n ?? 0} ${GRAIN_EN[p.grain ?? "month"]}${p.n === 1 ? "" : "s"} \xD7 ${p.keys ?? 0} ${KEY_EN[p.keyNoun ?? "row"]}${p.keys === 1 ? "" : "s"}.${p.other ? ` The year ${p.other} comes from cell ${cellRef(w.sheet, p.examples?.[0] ?? "")} ("${p.examples?.[1] ?? ""}").` : ""} Each value is read as ${MEASURE_EN[p.measure ?? "budget"]}, one row per ${KEY_EN[p.keyNoun ?? "row"]} and ${GRAIN_EN[p.grain ?? "month"]}; messages about a value name its own cell.`,
        zh: (w, p) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\u7684${GRAIN_ZH[p.grain ?? "month"]}\u6A2A\u5411\u6392\u5728\u5404\u5217\uFF08${p.value ?? ""}\uFF09\uFF1A\u5DF2\u6309 ${p.n ?? 0} ${GRAIN_ZH_COUNT[p.grain ?? "month"]} \xD7 ${p.keys ?? 0} \u4E2A${KEY_ZH[p.keyNoun ?? "row"]}\u8BFB\u53D6\u3002${p.other ? `\u5E74\u4EFD ${p.other} \u53D6\u81EA\u5355\u5143\u683C ${cellRef(w.sheet, p.examples?.[0] ?? "")}\uFF08\u201C${p.examples?.[1] ?? ""}\u201D\uFF09\u3002` : ""}\u6BCF\u4E2A\u6570\u503C\u6309${MEASURE_ZH[p.measure ?? "budget"]}\u8BFB\u53D6\uFF0C\u6BCF\u4E2A${KEY_ZH[p.keyNoun ?? "row"]}\u6BCF\u4E2A${GRAIN_ZH[p.grain ?? "month"]}\u4E00\u884C\uFF1B\u5173\u4E8E\u6570\u503C\u7684\u63D0\u793A\u4F1A\u6307\u660E\u5176\u539F\u5355\u5143\u683C\u3002`
      },
      "wide-year-missing": {
        severity: "warning",
        en: (w, p) => `Sheet "${w.sheet}": the ${GRAIN_EN[p.grain ?? "month"]} headers (${ex(p)}${rowsEn(w)}) name no year, and no single year was found in the title rows above them${p.value ? ` (found: ${p.value})` : ""}; they are kept as written, so an analysis puts them in the year of its as-of date. Put the year in the title (e.g. "2024 budget") or in the headers ("2024-01"), or give it: "Year of the period headers" in the task pane's Data step, --period-year on the command line, or periodYear on the recipe's source.`,
        zh: (w, p) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\uFF1A${GRAIN_ZH[p.grain ?? "month"]}\u5217\u540D\uFF08${exZh(p)}${rowsZh(w)}\uFF09\u6CA1\u6709\u5E74\u4EFD\uFF0C\u4E0A\u65B9\u6807\u9898\u884C\u4E2D\u4E5F\u6CA1\u6709\u627E\u5230\u552F\u4E00\u7684\u5E74\u4EFD${p.value ? `\uFF08\u627E\u5230\uFF1A${p.value}\uFF09` : ""}\uFF1B\u5DF2\u6309\u539F\u6587\u4FDD\u7559\uFF0C\u5206\u6790\u65F6\u6309\u622A\u6B62\u65E5\u671F\u6240\u5728\u5E74\u4EFD\u5904\u7406\u3002\u8BF7\u5728\u6807\u9898\u4E2D\u5199\u660E\u5E74\u4EFD\uFF08\u5982\u201C2024\u5E74\u9884\u7B97\u201D\uFF09\u6216\u5728\u5217\u540D\u4E2D\u5199\u660E\uFF08\u5982\u201C2024-01\u201D\uFF09\uFF0C\u6216\u76F4\u63A5\u6307\u5B9A\u5E74\u4EFD\uFF1A\u4EFB\u52A1\u7A97\u683C\u201C\u6570\u636E\u201D\u6B65\u9AA4\u4E2D\u7684\u201C\u5217\u540D\u4E2D\u671F\u95F4\u7684\u5E74\u4EFD\u201D\uFF0C\u547D\u4EE4\u884C\u7684 --period-year\uFF0C\u6216\u914D\u7F6E\u4E2D\u6570\u636E\u6E90\u7684 periodYear\u3002`
      },
      "wide-total-mismatch": {
        severity: "warning",
        en: (w, p) => `Sheet "${w.sheet}": the total ${col(w).replace(/^Column /, "column ")} does not equal the sum of the ${GRAIN_EN[p.grain ?? "month"]}s in ${rowsWord(cnt(w))} (total vs sum): ${(p.examples ?? []).join("; ")}${rowsEn(w)}. The ${GRAIN_EN[p.grain ?? "month"]}s are used and the total is left out; check the figures with whoever keeps the sheet.`,
        zh: (w, p) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\uFF1A${colZh(w)}\u7684\u5408\u8BA1\u4E0E\u5404${GRAIN_ZH[p.grain ?? "month"]}\u4E4B\u548C\u4E0D\u7B26\uFF0C\u5171 ${cnt(w)} \u884C\uFF08\u5408\u8BA1 vs \u5404${GRAIN_ZH[p.grain ?? "month"]}\u4E4B\u548C\uFF09\uFF1A${(p.examples ?? []).join("\uFF1B")}${rowsZh(w)}\u3002\u5DF2\u4F7F\u7528\u5404${GRAIN_ZH[p.grain ?? "month"]}\u6570\u503C\u3001\u4E0D\u8BA1\u5408\u8BA1\u5217\uFF1B\u8BF7\u4E0E\u8868\u683C\u7EF4\u62A4\u4EBA\u6838\u5BF9\u3002`
      },
      "wide-total-row-mismatch": {
        severity: "warning",
        en: (w, p) => `Sheet "${w.sheet}": the total row "${p.value ?? ""}" does not equal the sum of the rows above it in ${cnt(w)} ${GRAIN_EN[p.grain ?? "month"]}${cnt(w) === 1 ? "" : "s"} (total vs sum): ${(p.examples ?? []).join("; ")}${rowsEn(w)}. The rows are used and the total row is left out; check the figures with whoever keeps the sheet.`,
        zh: (w, p) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\uFF1A\u5408\u8BA1\u884C\u201C${p.value ?? ""}\u201D\u6709 ${cnt(w)} \u4E2A${GRAIN_ZH[p.grain ?? "month"]}\u4E0E\u4E0A\u65B9\u5404\u884C\u4E4B\u548C\u4E0D\u7B26\uFF08\u5408\u8BA1 vs \u5404\u884C\u4E4B\u548C\uFF09\uFF1A${(p.examples ?? []).join("\uFF1B")}${rowsZh(w)}\u3002\u5DF2\u4F7F\u7528\u5404\u884C\u6570\u503C\u3001\u4E0D\u8BA1\u5408\u8BA1\u884C\uFF1B\u8BF7\u4E0E\u8868\u683C\u7EF4\u62A4\u4EBA\u6838\u5BF9\u3002`
      },
      "wide-column-left-out": {
        severity: "info",
        en: (w) => `${col(w)} of sheet "${w.sheet}" holds one number per row, not one per period; it is left out of the table Loopbook makes of the periods across the columns.`,
        zh: (w) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\u7684${colZh(w)}\u6BCF\u884C\u53EA\u6709\u4E00\u4E2A\u6570\u503C\uFF0C\u4E0D\u6309\u671F\u95F4\u533A\u5206\uFF0C\u672A\u7EB3\u5165\u6309\u671F\u95F4\u5C55\u5F00\u7684\u8868\u3002`
      },
      "order-amount-once": {
        severity: "info",
        en: (w, p) => `${col(w)} holds each order's amount on every one of its rows (a ${p.value ?? ""} writes one row per item): it is counted once per "${p.other ?? ""}", on the order's first row; ${rowsWord(cnt(w))} of ${p.n ?? 0} order${p.n === 1 ? "" : "s"} repeating it ${cnt(w) === 1 ? "is" : "are"} read as lines of their order${rowsEn(w)}.`,
        zh: (w, p) => `${colZh(w)}\u5728\u8BA2\u5355\u7684\u6BCF\u4E00\u884C\u90FD\u91CD\u590D\u4E86\u6574\u5355\u91D1\u989D\uFF08${p.value ?? ""}\u6BCF\u4E2A\u5546\u54C1\u4E00\u884C\uFF09\uFF1A\u6309\u201C${p.other ?? ""}\u201D\u6BCF\u5355\u53EA\u8BA1\u4E00\u6B21\uFF0C\u8BA1\u5728\u8BE5\u5355\u7B2C\u4E00\u884C\uFF1B${p.n ?? 0} \u4E2A\u8BA2\u5355\u4E2D\u91CD\u590D\u8BE5\u91D1\u989D\u7684 ${cnt(w)} \u884C\u6309\u8BE5\u5355\u7684\u660E\u7EC6\u884C\u5904\u7406${rowsZh(w)}\u3002`
      },
      "order-amount-differs": {
        severity: "warning",
        en: (w, p) => `${col(w)} should hold each order's amount, repeated on its rows, but rows of the same "${p.other ?? ""}" (${ex(p)}) hold different amounts; the column is read row by row, so check those orders${rowsEn(w)}.`,
        zh: (w, p) => `${colZh(w)}\u5E94\u4E3A\u6574\u5355\u91D1\u989D\u3001\u5728\u8BA2\u5355\u5404\u884C\u91CD\u590D\uFF0C\u4F46\u540C\u4E00\u201C${p.other ?? ""}\u201D\uFF08${exZh(p)}\uFF09\u7684\u5404\u884C\u91D1\u989D\u4E0D\u540C\uFF1B\u5DF2\u9010\u884C\u8BFB\u53D6\uFF0C\u8BF7\u6838\u5BF9\u8FD9\u4E9B\u8BA2\u5355${rowsZh(w)}\u3002`
      },
      "role-missing": {
        severity: "warning",
        en: (w, p) => `Sheet "${w.sheet}" looks like ${p.value ?? ""}, but no column was found for: ${p.other ?? ""}. Choose it yourself.`,
        zh: (w, p) => `\u5DE5\u4F5C\u8868\u201C${w.sheet}\u201D\u770B\u8D77\u6765\u662F${zhKind(p.value)}\uFF0C\u4F46\u672A\u627E\u5230\u4EE5\u4E0B\u5217\uFF1A${p.other ?? ""}\u3002\u8BF7\u624B\u52A8\u6307\u5B9A\u3002`
      }
    };
    INGEST_DIAGNOSTIC_CODES = Object.keys(INGEST_DIAGNOSTICS);
    GRAIN_EN = { day: "day", month: "month", quarter: "quarter", year: "year" };
    GRAIN_ZH = { day: "\u65E5\u671F", month: "\u6708\u4EFD", quarter: "\u5B63\u5EA6", year: "\u5E74\u5EA6" };
    GRAIN_ZH_COUNT = { day: "\u5929", month: "\u4E2A\u6708", quarter: "\u4E2A\u5B63\u5EA6", year: "\u5E74" };
    KEY_EN = { channel: "channel", campaign: "campaign", row: "row" };
    KEY_ZH = { channel: "\u6E20\u9053", campaign: "\u6D3B\u52A8", row: "\u884C" };
    MEASURE_EN = { budget: "a budget", spend: "spend", value: "an amount" };
    MEASURE_ZH = { budget: "\u9884\u7B97", spend: "\u82B1\u8D39", value: "\u91D1\u989D" };
    REASON_EN = {
      "better-header": ": its header fits the role better",
      "first-column": ": both headers fit as well, and it comes first",
      "first-money-column": ": no header names the role, and it is the first money column"
    };
    REASON_ZH = {
      "better-header": "\uFF08\u5176\u5217\u540D\u66F4\u7B26\u5408\u8BE5\u89D2\u8272\uFF09",
      "first-column": "\uFF08\u4E24\u5217\u5217\u540D\u540C\u6837\u7B26\u5408\uFF0C\u5B83\u5728\u524D\uFF09",
      "first-money-column": "\uFF08\u6CA1\u6709\u5217\u540D\u6307\u660E\u8BE5\u89D2\u8272\uFF0C\u5B83\u662F\u7B2C\u4E00\u4E2A\u91D1\u989D\u5217\uFF09"
    };
    ROLE_WORDS = {
      spend: ["spend", "\u82B1\u8D39"],
      amount: ["amount", "\u91D1\u989D"],
      revenue: ["revenue", "\u6536\u5165"]
    };
    roleEn = (r2) => r2 === void 0 ? "" : ROLE_WORDS[r2]?.[0] ?? r2;
    roleZh = (r2) => r2 === void 0 ? "" : ROLE_WORDS[r2]?.[1] ?? r2;
    ZH_KINDS = {
      numbers: "\u6570\u5B57",
      dates: "\u65E5\u671F",
      "dates and times": "\u65E5\u671F\u65F6\u95F4",
      "true/false values": "\u662F/\u5426\u503C",
      percentages: "\u767E\u5206\u6BD4",
      "money amounts": "\u91D1\u989D",
      orders: "\u8BA2\u5355\u8868",
      customers: "\u5BA2\u6237\u8868",
      campaigns: "\u6295\u653E\u6548\u679C\u8868",
      touchpoints: "\u89E6\u70B9\u8868",
      experiment: "\u5B9E\u9A8C\u8868",
      invoices: "\u53D1\u7968/\u53F0\u8D26\u8868",
      budget: "\u9884\u7B97\u8868",
      fx_rates: "\u6C47\u7387\u8868"
    };
  }
});

// src/ingest/grid-columns.ts
var init_grid_columns = __esm({
  "src/ingest/grid-columns.ts"() {
    "use strict";
  }
});

// src/ingest/convert-column.ts
var init_convert_column = __esm({
  "src/ingest/convert-column.ts"() {
    "use strict";
    init_cells();
    init_diagnostics();
    init_excel_errors();
    init_parse_date();
    init_parse_number();
    init_grid_columns();
    init_coded_texts();
  }
});

// src/ingest/header-hints.ts
var init_header_hints = __esm({
  "src/ingest/header-hints.ts"() {
    "use strict";
  }
});

// src/ingest/infer-column.ts
var init_infer_column = __esm({
  "src/ingest/infer-column.ts"() {
    "use strict";
    init_grid_columns();
    init_cells();
    init_excel_errors();
    init_header_hints();
    init_number_format();
    init_parse_date();
    init_parse_number();
  }
});

// src/ingest/read-column.ts
var init_read_column = __esm({
  "src/ingest/read-column.ts"() {
    "use strict";
    init_address();
    init_convert_column();
    init_coded_texts();
    init_diagnostics();
    init_infer_column();
  }
});

// src/ingest/totals.ts
var TOTAL_WORDS, TOTAL_LABEL, TRAILING_LAST_CHARS, TRAILING_LAST_CODES, TOTAL_FIRST_CHARS, TOTAL_FIRST_ASCII;
var init_totals = __esm({
  "src/ingest/totals.ts"() {
    "use strict";
    init_cells();
    init_parse_number();
    TOTAL_WORDS = "(grand\\s*totals?|sub-?\\s*totals?|totals?|sum|overall|\u5408\\s*\u8BA1|\u603B\\s*\u8BA1|\u5C0F\\s*\u8BA1|\u603B\\s*\u548C|\u5171\\s*\u8BA1|\u6C47\\s*\u603B|\u5168\u90E8\u5408\u8BA1|\u603B\u5408\u8BA1|\u672C\u9875\u5408\u8BA1|\u7D2F\\s*\u8BA1)";
    TOTAL_LABEL = new RegExp(`^${TOTAL_WORDS}\\s*([:\uFF1A]\\s*.{0,60}|[-\u2013\u2014]\\s+.{1,60}|\\(.*\\)|\uFF08.*\uFF09)?$`, "i");
    TRAILING_LAST_CHARS = /* @__PURE__ */ new Set(["l", "L", "s", "S", "\u603B", "\u8BA1"]);
    TRAILING_LAST_CODES = new Set([...TRAILING_LAST_CHARS].map((c) => c.charCodeAt(0)));
    TOTAL_FIRST_CHARS = /* @__PURE__ */ new Set([
      "g",
      "G",
      "s",
      "S",
      "t",
      "T",
      "o",
      "O",
      "\u5408",
      "\u603B",
      "\u5C0F",
      "\u5171",
      "\u6C47",
      "\u5168",
      "\u672C",
      "\u7D2F"
    ]);
    TOTAL_FIRST_ASCII = new Uint8Array(128);
    for (const ch of TOTAL_FIRST_CHARS) if (ch.charCodeAt(0) < 128) TOTAL_FIRST_ASCII[ch.charCodeAt(0)] = 1;
  }
});

// src/ingest/wide-periods.ts
var MONTHS_EN, PERIOD_HEADER, P_NAME_Y, P_Y_NAME, P_NAME;
var init_wide_periods = __esm({
  "src/ingest/wide-periods.ts"() {
    "use strict";
    init_number_format();
    MONTHS_EN = "(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\\.?";
    PERIOD_HEADER = new RegExp(
      [
        "^\\d{4}\\s*[-/.\u5E74]\\s*\\d{1,2}\\s*\u6708?$",
        // 2024-01, 2024/1, 2024年1月
        "^\\d{1,2}\\s*[-/.]\\s*\\d{4}$",
        // 01/2024
        `^${MONTHS_EN}[\\s'.,-]*(\\d{2}|\\d{4})$`,
        // Jan 2024, Jan-24
        `^(\\d{2}|\\d{4})[\\s'.,-]*${MONTHS_EN}$`,
        // 2024 Jan, 24-Jan
        `^${MONTHS_EN}$`,
        // January
        "^\\d{1,2}\\s*\u6708(\u4EFD)?$",
        // 1月
        "^(\u5341[\u4E00\u4E8C]?|[\u4E00\u4E8C\u4E09\u56DB\u4E94\u516D\u4E03\u516B\u4E5D])\u6708(\u4EFD)?$",
        // 一月
        "^(\\d{4}\\s*[-\u5E74]?\\s*)?(q[1-4]|[1-4]\\s*\u5B63\u5EA6|\u7B2C?[\u4E00\u4E8C\u4E09\u56DB1-4]\u5B63\u5EA6)$",
        // 2024 Q1, Q1, 1季度, 一季度
        "^(q[1-4])\\s*[-]?\\s*\\d{4}$",
        // Q1 2024
        "^(fy)?\\s*\\d{4}$"
        // 2024, FY2024 (years)
      ].join("|"),
      "i"
    );
    P_NAME_Y = new RegExp(`^${MONTHS_EN}[\\s'.,-]*(\\d{2}|\\d{4})$`, "i");
    P_Y_NAME = new RegExp(`^(\\d{2}|\\d{4})[\\s'.,-]*${MONTHS_EN}$`, "i");
    P_NAME = new RegExp(`^${MONTHS_EN}$`, "i");
  }
});

// src/ingest/unpivot.ts
var init_unpivot = __esm({
  "src/ingest/unpivot.ts"() {
    "use strict";
    init_address();
    init_cells();
    init_coded_texts();
    init_convert_column();
    init_diagnostics();
    init_excel_errors();
    init_infer_column();
    init_read_column();
    init_totals();
    init_wide_periods();
  }
});

// src/analysis/common/diagnostics.ts
var init_diagnostics2 = __esm({
  "src/analysis/common/diagnostics.ts"() {
    "use strict";
    init_unpivot();
  }
});

// src/analysis/common/columns.ts
var init_columns = __esm({
  "src/analysis/common/columns.ts"() {
    "use strict";
    init_column_values();
    init_diagnostics2();
  }
});

// src/analysis/common/math.ts
var init_math = __esm({
  "src/analysis/common/math.ts"() {
    "use strict";
  }
});

// src/analysis/common/result.ts
var init_result = __esm({
  "src/analysis/common/result.ts"() {
    "use strict";
  }
});

// src/analysis/common/dates.ts
var init_dates = __esm({
  "src/analysis/common/dates.ts"() {
    "use strict";
  }
});

// src/analysis/common/text.ts
var init_text = __esm({
  "src/analysis/common/text.ts"() {
    "use strict";
  }
});

// src/analysis/common/options.ts
var init_options = __esm({
  "src/analysis/common/options.ts"() {
    "use strict";
    init_diagnostics2();
    init_text();
  }
});

// src/analysis/common/messages.ts
var init_messages = __esm({
  "src/analysis/common/messages.ts"() {
    "use strict";
  }
});

// src/analysis/common/define.ts
var init_define = __esm({
  "src/analysis/common/define.ts"() {
    "use strict";
  }
});

// src/analysis/common/memo.ts
var init_memo = __esm({
  "src/analysis/common/memo.ts"() {
    "use strict";
  }
});

// src/analysis/option-specs.ts
var t2, choice, LOOP_WINDOWS, SEGMENTS, RATES, TEXT_MAP, OPTION_SPECS;
var init_option_specs = __esm({
  "src/analysis/option-specs.ts"() {
    "use strict";
    t2 = (en, zh) => ({ en, "zh-CN": zh });
    choice = (value, en, zh) => ({ value, label: t2(en, zh) });
    LOOP_WINDOWS = {
      label: t2("When a customer counts as new, at risk, lost or high value", "\u65B0\u5BA2\u3001\u6D41\u5931\u9884\u8B66\u3001\u5DF2\u6D41\u5931\u4E0E\u9AD8\u4EF7\u503C\u7684\u5224\u5B9A"),
      help: t2(
        "Days since the first or last purchase, and the orders that make a customer high value.",
        "\u6309\u8DDD\u9996\u6B21\u6216\u6700\u8FD1\u4E00\u6B21\u8D2D\u4E70\u7684\u5929\u6570\uFF0C\u4EE5\u53CA\u6210\u4E3A\u9AD8\u4EF7\u503C\u5BA2\u6237\u6240\u9700\u7684\u8BA2\u5355\u6570\u6765\u5224\u5B9A\u3002"
      ),
      editor: {
        kind: "fields",
        fields: {
          newDays: { label: t2("New: first purchase within (days)", "\u65B0\u5BA2\uFF1A\u9996\u6B21\u8D2D\u4E70\u5728\u591A\u5C11\u5929\u5185"), min: 1, step: 1 },
          atRiskDays: { label: t2("At risk: no purchase for (days)", "\u6D41\u5931\u9884\u8B66\uFF1A\u591A\u5C11\u5929\u672A\u8D2D\u4E70"), min: 1, step: 1 },
          lostDays: { label: t2("Lost: no purchase for (days)", "\u5DF2\u6D41\u5931\uFF1A\u591A\u5C11\u5929\u672A\u8D2D\u4E70"), min: 1, step: 1 },
          highValueOrders: { label: t2("High value: at least (orders)", "\u9AD8\u4EF7\u503C\uFF1A\u81F3\u5C11\u591A\u5C11\u7B14\u8BA2\u5355"), min: 1, step: 1 }
        }
      }
    };
    SEGMENTS = {
      label: t2("Group customers by", "\u5BA2\u6237\u5206\u7EC4\u65B9\u5F0F"),
      choices: [
        choice("business", "New, high value, at risk, lost \u2026", "\u65B0\u5BA2\u3001\u9AD8\u4EF7\u503C\u3001\u6D41\u5931\u9884\u8B66\u3001\u5DF2\u6D41\u5931\u7B49"),
        choice("rfm", "RFM segments", "RFM \u5206\u7FA4"),
        choice("lifecycle", "Lifecycle stage", "\u751F\u547D\u5468\u671F\u9636\u6BB5")
      ]
    };
    RATES = {
      label: t2("Exchange rates", "\u6C47\u7387"),
      help: t2(
        "Only for invoices in another currency when the workbook has no exchange-rate sheet: what one unit of that currency is worth in the report currency, for one month (such as 2025-03) or for all.",
        "\u4EC5\u5728\u53D1\u7968\u4F7F\u7528\u5176\u4ED6\u5E01\u79CD\u4E14\u5DE5\u4F5C\u7C3F\u6CA1\u6709\u6C47\u7387\u8868\u65F6\u9700\u8981\uFF1A1 \u5355\u4F4D\u8BE5\u5E01\u79CD\u6298\u5408\u591A\u5C11\u62A5\u544A\u5E01\u79CD\uFF1B\u53EF\u6309\u6708\u586B\u5199\uFF08\u5982 2025-03\uFF09\uFF0C\u6708\u4EFD\u7559\u7A7A\u8868\u793A\u9002\u7528\u4E8E\u6240\u6709\u6708\u4EFD\u3002"
      ),
      editor: {
        kind: "rows",
        fields: {
          currency: { label: t2("Currency", "\u5E01\u79CD"), type: "text", placeholder: t2("USD", "USD"), pattern: "^[A-Za-z]{3}$" },
          rate: { label: t2("Rate", "\u6C47\u7387"), min: 0, step: 1e-4 },
          month: {
            label: t2("Month", "\u6708\u4EFD"),
            type: "text",
            optional: true,
            placeholder: t2("All", "\u5168\u90E8"),
            pattern: "^\\d{4}-\\d{2}$",
            example: "2025-03"
          }
        }
      }
    };
    TEXT_MAP = (key, value, label, help) => ({
      label,
      help,
      editor: { kind: "map", key: { label: key, type: "text" }, value: { label: value, type: "text" } }
    });
    OPTION_SPECS = {
      refunds: {
        label: t2("Refunds", "\u9000\u6B3E"),
        help: t2(
          "Net refunds against the orders they refund, or leave refund lines out.",
          "\u5C06\u9000\u6B3E\u4E0E\u539F\u8BA2\u5355\u76F8\u62B5\uFF0C\u6216\u5254\u9664\u9000\u6B3E\u884C\u3002"
        ),
        choices: [choice("net", "Net them", "\u76F8\u62B5"), choice("exclude", "Leave them out", "\u5254\u9664")]
      },
      period: {
        label: t2("Compare by", "\u6309\u4EC0\u4E48\u5468\u671F\u6BD4\u8F83"),
        choices: [
          choice("auto", "Chosen from the data", "\u6839\u636E\u6570\u636E\u81EA\u52A8\u9009\u62E9"),
          choice("week", "Week", "\u5468"),
          choice("month", "Month", "\u6708")
        ]
      },
      minShareGap: {
        label: t2(
          "Flag a channel when its share of spend and of results differ by more than",
          "\u6E20\u9053\u82B1\u8D39\u5360\u6BD4\u4E0E\u6210\u679C\u5360\u6BD4\u76F8\u5DEE\u8D85\u8FC7\u591A\u5C11\u65F6\u63D0\u793A"
        ),
        min: 0,
        max: 1,
        step: 0.01,
        percent: true
      },
      minStepBase: {
        label: t2("Compare a step only when at least this many reach it", "\u67D0\u4E00\u6B65\u81F3\u5C11\u6709\u591A\u5C11\u4EBA\u5230\u8FBE\u624D\u53C2\u4E0E\u6BD4\u8F83"),
        min: 1,
        step: 1
      },
      alpha: {
        label: t2("Accepted chance of a false alarm", "\u53EF\u63A5\u53D7\u7684\u8BEF\u62A5\u6982\u7387"),
        help: t2(
          "5 % means a difference is called real when we are 95 % sure of it. Lower is stricter.",
          "5% \u8868\u793A\u6709 95% \u7684\u628A\u63E1\u624D\u8BA4\u5B9A\u5DEE\u5F02\u771F\u5B9E\u5B58\u5728\uFF1B\u6570\u503C\u8D8A\u4F4E\u8D8A\u4E25\u683C\u3002"
        ),
        min: 1e-3,
        max: 0.2,
        step: 5e-3,
        percent: true
      },
      srmThreshold: {
        label: t2("Warn that the groups are unevenly split below this likelihood", "\u5206\u7EC4\u4EBA\u6570\u6BD4\u4F8B\u5F02\u5E38\u7684\u544A\u8B66\u7EBF"),
        help: t2(
          "A warning that the groups are not the sizes planned, which usually means the split itself went wrong. 0.1 % warns only when such an uneven split would happen by chance less than once in a thousand times.",
          "\u5404\u7EC4\u4EBA\u6570\u4E0E\u8BA1\u5212\u6BD4\u4F8B\u4E0D\u7B26\u65F6\u53D1\u51FA\u544A\u8B66\uFF0C\u8FD9\u901A\u5E38\u8BF4\u660E\u5206\u7EC4\u672C\u8EAB\u51FA\u4E86\u95EE\u9898\u30020.1% \u8868\u793A\u53EA\u6709\u5F53\u8FD9\u79CD\u504F\u5DEE\u7EAF\u5C5E\u5076\u7136\u7684\u53EF\u80FD\u6027\u4F4E\u4E8E\u5343\u5206\u4E4B\u4E00\u65F6\u624D\u544A\u8B66\u3002"
        ),
        min: 0,
        max: 0.05,
        step: 1e-3,
        percent: true
      },
      cuped: {
        label: t2("Use pre-period behaviour to tighten the result", "\u5229\u7528\u5B9E\u9A8C\u524D\u7684\u884C\u4E3A\u8BA9\u7ED3\u679C\u66F4\u7CBE\u786E"),
        help: t2(
          "Uses what each customer did before the test (a pre-period column) to narrow the range of the lift; the lift itself does not move.",
          "\u7528\u6BCF\u4F4D\u5BA2\u6237\u5B9E\u9A8C\u524D\u7684\u8868\u73B0\uFF08\u5B9E\u9A8C\u524D\u6307\u6807\u5217\uFF09\u7F29\u5C0F\u63D0\u5347\u5E45\u5EA6\u7684\u533A\u95F4\uFF1B\u63D0\u5347\u672C\u8EAB\u4E0D\u53D8\u3002"
        )
      },
      arm: {
        label: t2("Column that says which group each customer was in", "\u6807\u660E\u6BCF\u4F4D\u5BA2\u6237\u6240\u5728\u5206\u7EC4\u7684\u5217"),
        help: t2("Empty: the column marked as the group in the Data step.", "\u7559\u7A7A\uFF1A\u4F7F\u7528\u6570\u636E\u6B65\u9AA4\u4E2D\u6807\u4E3A\u5206\u7EC4\u7684\u5217\u3002"),
        editor: { kind: "column", table: "experiment", skipRoles: ["unit_id", "customer_id", "outcome", "covariate"] }
      },
      control: {
        label: t2("Name of the control group", "\u5BF9\u7167\u7EC4\u7684\u540D\u79F0"),
        help: t2(
          "As written in the group column. Empty: found from names such as control, holdout or \u5BF9\u7167.",
          "\u6309\u5206\u7EC4\u5217\u4E2D\u7684\u5199\u6CD5\u586B\u5199\u3002\u7559\u7A7A\uFF1A\u6839\u636E\u201C\u5BF9\u7167\u201D\u201C\u5BF9\u7167\u7EC4\u201D\u7B49\u540D\u79F0\uFF08\u5305\u62EC\u5E38\u89C1\u7684\u82F1\u6587\u5199\u6CD5\uFF09\u81EA\u52A8\u8BC6\u522B\u3002"
        )
      },
      metrics: {
        label: t2("Results to compare", "\u8981\u6BD4\u8F83\u7684\u7ED3\u679C\u6307\u6807"),
        help: t2(
          "None ticked: every column marked as a result in the Data step.",
          "\u90FD\u4E0D\u52FE\u9009\uFF1A\u4F7F\u7528\u6570\u636E\u6B65\u9AA4\u4E2D\u6807\u4E3A\u7ED3\u679C\u6307\u6807\u7684\u6240\u6709\u5217\u3002"
        ),
        editor: {
          kind: "column",
          table: "experiment",
          many: true,
          numeric: true,
          skipRoles: ["arm", "unit_id", "covariate"]
        }
      },
      segments: {
        label: t2("Columns to break the lift down by", "\u6309\u54EA\u4E9B\u5217\u62C6\u5206\u63D0\u5347\u6548\u679C"),
        help: t2("None ticked: every descriptive column with few different values.", "\u90FD\u4E0D\u52FE\u9009\uFF1A\u4F7F\u7528\u6240\u6709\u53D6\u503C\u8F83\u5C11\u7684\u63CF\u8FF0\u5217\u3002"),
        editor: {
          kind: "column",
          table: "experiment",
          many: true,
          skipRoles: ["arm", "unit_id", "customer_id", "outcome", "covariate"]
        }
      },
      expectedShares: {
        label: t2("Planned share of customers per group", "\u5404\u7EC4\u8BA1\u5212\u7684\u5BA2\u6237\u5360\u6BD4"),
        help: t2(
          "Empty: equal groups. Used only to warn about an uneven split.",
          "\u7559\u7A7A\uFF1A\u5404\u7EC4\u5747\u5206\u3002\u4EC5\u7528\u4E8E\u68C0\u67E5\u5206\u7EC4\u6BD4\u4F8B\u662F\u5426\u5F02\u5E38\u3002"
        ),
        editor: {
          kind: "map",
          key: { label: t2("Group", "\u5206\u7EC4"), type: "text" },
          value: { label: t2("Share", "\u5360\u6BD4"), min: 0, max: 1, step: 0.05, percent: true }
        }
      },
      unitLabel: {
        label: t2("What one row of the experiment is", "\u5B9E\u9A8C\u8868\u4E2D\u6BCF\u4E00\u884C\u4EE3\u8868\u4EC0\u4E48"),
        help: t2("Used in sentences such as \u201Cspend per customer\u201D.", "\u7528\u4E8E\u201C\u6BCF\u4F4D\u5BA2\u6237\u7684\u6D88\u8D39\u201D\u8FD9\u7C7B\u53E5\u5B50\u3002"),
        editor: {
          kind: "fields",
          fields: {
            en: { label: t2("In English", "\u82F1\u6587\u5199\u6CD5"), type: "text" },
            "zh-CN": { label: t2("In Chinese", "\u4E2D\u6587\u5199\u6CD5"), type: "text" }
          }
        }
      },
      factors: {
        label: t2(
          "Customers with a rhythm: slipping after how many of their usual gaps",
          "\u6709\u56FA\u5B9A\u8D2D\u4E70\u8282\u594F\u7684\u5BA2\u6237\uFF1A\u8D85\u8FC7\u5E73\u65F6\u95F4\u9694\u7684\u51E0\u500D\u7B97\u4E0B\u6ED1"
        ),
        help: t2(
          "For customers with enough repeat purchases, measured against their own usual time between purchases.",
          "\u9002\u7528\u4E8E\u590D\u8D2D\u6B21\u6570\u8DB3\u591F\u7684\u5BA2\u6237\uFF0C\u4EE5\u5176\u81EA\u8EAB\u5E73\u65F6\u7684\u8D2D\u4E70\u95F4\u9694\u4E3A\u51C6\u3002"
        ),
        editor: {
          kind: "fields",
          fields: {
            active: { label: t2("Still active up to (\xD7 usual gap)", "\u4ECD\u7B97\u6D3B\u8DC3\uFF08\u5E73\u65F6\u95F4\u9694\u7684\u51E0\u500D\u4EE5\u5185\uFF09"), min: 0.1, step: 0.5 },
            atRisk: { label: t2("At risk up to (\xD7 usual gap)", "\u6709\u6D41\u5931\u98CE\u9669\uFF08\u5E73\u65F6\u95F4\u9694\u7684\u51E0\u500D\u4EE5\u5185\uFF09"), min: 0.1, step: 0.5 },
            dormant: { label: t2("Dormant up to (\xD7 usual gap)", "\u6C89\u7761\uFF08\u5E73\u65F6\u95F4\u9694\u7684\u51E0\u500D\u4EE5\u5185\uFF09"), min: 0.1, step: 0.5 }
          }
        }
      },
      covariate: {
        label: t2("Pre-period column", "\u5B9E\u9A8C\u524D\u6307\u6807\u5217"),
        help: t2("Empty: the column marked as pre-period in the Data step.", "\u7559\u7A7A\uFF1A\u4F7F\u7528\u6570\u636E\u6B65\u9AA4\u4E2D\u6807\u4E3A\u5B9E\u9A8C\u524D\u6307\u6807\u7684\u5217\u3002"),
        editor: { kind: "column", table: "experiment", numeric: true, skipRoles: ["arm", "unit_id", "outcome"] }
      },
      bayesian: {
        label: t2("Show the chance that each group beats the control", "\u663E\u793A\u5404\u7EC4\u80DC\u8FC7\u5BF9\u7167\u7EC4\u7684\u6982\u7387")
      },
      minSegmentSize: {
        label: t2("Show a segment only with at least this many per group", "\u6BCF\u7EC4\u81F3\u5C11\u591A\u5C11\u4EBA\u624D\u663E\u793A\u8BE5\u7EC6\u5206\u4EBA\u7FA4"),
        min: 1,
        step: 1
      },
      maxSegmentValues: {
        label: t2("Most different values in a segment column", "\u7EC6\u5206\u5217\u6700\u591A\u53EF\u6709\u591A\u5C11\u4E2A\u4E0D\u540C\u53D6\u503C"),
        min: 1,
        step: 1
      },
      targetRelativeLift: {
        label: t2("Smallest lift worth detecting", "\u5E0C\u671B\u80FD\u68C0\u6D4B\u5230\u7684\u6700\u5C0F\u63D0\u5347"),
        help: t2(
          "Used to say how many customers a test needs to see a lift this size.",
          "\u7528\u4E8E\u4F30\u7B97\u8981\u53D1\u73B0\u8FD9\u4E48\u5927\u7684\u63D0\u5347\uFF0C\u5B9E\u9A8C\u9700\u8981\u591A\u5C11\u5BA2\u6237\u3002"
        ),
        min: 1e-3,
        max: 1,
        step: 0.01,
        percent: true
      },
      power: {
        label: t2("Chance of seeing that lift when it is there", "\u63D0\u5347\u786E\u5B9E\u5B58\u5728\u65F6\u80FD\u53D1\u73B0\u5B83\u7684\u6982\u7387"),
        min: 0.5,
        max: 0.99,
        step: 0.05,
        percent: true
      },
      halfLifeDays: {
        label: t2("Days for a touch to lose half its credit", "\u89E6\u70B9\u7684\u529F\u52B3\u51CF\u534A\u9700\u8981\u591A\u5C11\u5929"),
        help: t2("Used by the time-decay model: older touches get less credit.", "\u7528\u4E8E\u65F6\u95F4\u8870\u51CF\u6A21\u578B\uFF1A\u8D8A\u65E9\u7684\u89E6\u70B9\u529F\u52B3\u8D8A\u5C11\u3002"),
        min: 0.1,
        step: 1
      },
      firstShare: {
        label: t2("Credit to the first touch (position model)", "\u9996\u6B21\u89E6\u70B9\u83B7\u5F97\u7684\u529F\u52B3\uFF08\u4F4D\u7F6E\u6A21\u578B\uFF09"),
        min: 0,
        max: 1,
        step: 0.05,
        percent: true
      },
      lastShare: {
        label: t2("Credit to the last touch (position model)", "\u6700\u540E\u4E00\u6B21\u89E6\u70B9\u83B7\u5F97\u7684\u529F\u52B3\uFF08\u4F4D\u7F6E\u6A21\u578B\uFF09"),
        min: 0,
        max: 1,
        step: 0.05,
        percent: true
      },
      by: {
        label: t2("Give credit to", "\u529F\u52B3\u5F52\u5230"),
        choices: [choice("channel", "Channels", "\u6E20\u9053"), choice("campaign", "Campaigns", "\u6D3B\u52A8")]
      },
      topPaths: { label: t2("Customer journeys listed", "\u5217\u51FA\u7684\u5BA2\u6237\u8DEF\u5F84\u6570"), min: 1, step: 1 },
      maxLag: {
        label: t2("Weeks an ad keeps working after it runs", "\u5E7F\u544A\u6295\u653E\u540E\u6301\u7EED\u8D77\u4F5C\u7528\u7684\u5468\u6570"),
        min: 1,
        step: 1
      },
      alphaGrid: {
        label: t2("Carry-over rates tried", "\u5C1D\u8BD5\u7684\u5EF6\u7EED\u6548\u5E94\u6BD4\u4F8B"),
        help: t2(
          "Each share of one week\u2019s effect that carries into the next is tried; the best fit is kept.",
          "\u9010\u4E00\u5C1D\u8BD5\u6BCF\u5468\u6548\u679C\u5EF6\u7EED\u5230\u4E0B\u4E00\u5468\u7684\u6BD4\u4F8B\uFF0C\u4FDD\u7559\u62DF\u5408\u6700\u597D\u7684\u4E00\u4E2A\u3002"
        ),
        editor: { kind: "list", item: { label: t2("Rate", "\u6BD4\u4F8B"), min: 0, max: 0.99, step: 0.1 } }
      },
      minWeeks: {
        label: t2("Fewest weeks of data for a channel\u2019s curve", "\u62DF\u5408\u6E20\u9053\u66F2\u7EBF\u81F3\u5C11\u9700\u8981\u591A\u5C11\u5468\u6570\u636E"),
        min: 4,
        step: 1
      },
      recentWeeks: {
        label: t2("Recent weeks that set today\u2019s spend", "\u7528\u6700\u8FD1\u591A\u5C11\u5468\u8BA1\u7B97\u5F53\u524D\u82B1\u8D39"),
        min: 1,
        step: 1
      },
      totalBudget: {
        label: t2("Weekly budget to split", "\u6BCF\u5468\u8981\u5206\u914D\u7684\u9884\u7B97"),
        help: t2("Empty: the recent weekly spend.", "\u7559\u7A7A\uFF1A\u4F7F\u7528\u8FD1\u671F\u6BCF\u5468\u82B1\u8D39\u3002"),
        min: 0
      },
      minMultiple: {
        label: t2("Lowest spend per channel (\xD7 today)", "\u5404\u6E20\u9053\u82B1\u8D39\u4E0B\u9650\uFF08\u5F53\u524D\u7684\u51E0\u500D\uFF09"),
        min: 0,
        step: 0.1
      },
      maxMultiple: {
        label: t2("Highest spend per channel (\xD7 today)", "\u5404\u6E20\u9053\u82B1\u8D39\u4E0A\u9650\uFF08\u5F53\u524D\u7684\u51E0\u500D\uFF09"),
        min: 1,
        step: 0.1
      },
      bounds: {
        label: t2("Spend limits for single channels", "\u5355\u4E2A\u6E20\u9053\u7684\u82B1\u8D39\u4E0A\u4E0B\u9650"),
        help: t2(
          "Weekly spend per channel; a channel not listed uses the lowest and highest multiple above.",
          "\u6309\u6E20\u9053\u586B\u5199\u6BCF\u5468\u82B1\u8D39\uFF1B\u672A\u5217\u51FA\u7684\u6E20\u9053\u4F7F\u7528\u4E0A\u65B9\u7684\u500D\u6570\u8303\u56F4\u3002"
        ),
        editor: {
          kind: "map",
          key: { label: t2("Channel", "\u6E20\u9053"), type: "text" },
          fields: {
            min: { label: t2("At least", "\u81F3\u5C11"), min: 0, optional: true },
            max: { label: t2("At most", "\u81F3\u591A"), min: 0, optional: true }
          }
        }
      },
      minR2: {
        label: t2("Smallest R\xB2 for a channel\u2019s curve to be trusted", "\u6E20\u9053\u66F2\u7EBF\u53EF\u4FE1\u6240\u9700\u7684\u6700\u5C0F R\xB2"),
        help: t2(
          "How much of the week-to-week change the curve explains (0 to 1); below it the channel keeps its spend.",
          "\u66F2\u7EBF\u80FD\u89E3\u91CA\u7684\u6BCF\u5468\u6CE2\u52A8\u6BD4\u4F8B\uFF080 \u5230 1\uFF09\uFF1B\u4F4E\u4E8E\u6B64\u503C\u7684\u6E20\u9053\u7EF4\u6301\u5F53\u524D\u82B1\u8D39\u3002"
        ),
        min: 0,
        max: 1,
        step: 0.05
      },
      bootstrap: {
        label: t2("Refits used for the likely range", "\u4F30\u7B97\u53EF\u80FD\u533A\u95F4\u65F6\u7684\u91CD\u7B97\u6B21\u6570"),
        help: t2(
          "More refits give a steadier range and take longer; 0 gives no range.",
          "\u6B21\u6570\u8D8A\u591A\u533A\u95F4\u8D8A\u7A33\u5B9A\uFF0C\u4F46\u8017\u65F6\u66F4\u957F\uFF1B0 \u8868\u793A\u4E0D\u7ED9\u533A\u95F4\u3002"
        ),
        min: 0,
        step: 10
      },
      seed: {
        label: t2("Starting number for the random draws", "\u968F\u673A\u62BD\u6837\u7684\u8D77\u59CB\u6570"),
        help: t2(
          "Keeps results identical from run to run. Change it only to check that a result does not depend on chance.",
          "\u8BA9\u6BCF\u6B21\u8FD0\u884C\u7684\u7ED3\u679C\u5B8C\u5168\u76F8\u540C\u3002\u4EC5\u5728\u60F3\u786E\u8BA4\u7ED3\u679C\u4E0D\u53D7\u5076\u7136\u56E0\u7D20\u5F71\u54CD\u65F6\u624D\u9700\u8981\u4FEE\u6539\u3002"
        ),
        step: 1
      },
      horizonWeeks: { label: t2("Weeks over which to state the gain", "\u6309\u591A\u5C11\u5468\u8BA1\u7B97\u9884\u671F\u6536\u76CA"), min: 1, step: 1 },
      bins: {
        label: t2("Score scale", "\u8BC4\u5206\u6863\u4F4D"),
        choices: [
          choice(5, "1 to 5 (fifths)", "1 \u5230 5 \u5206\uFF08\u4E94\u7B49\u5206\uFF09"),
          choice(4, "1 to 4 (quarters)", "1 \u5230 4 \u5206\uFF08\u56DB\u7B49\u5206\uFF09")
        ]
      },
      frequency: {
        label: t2("Count how often a customer buys in", "\u8D2D\u4E70\u9891\u6B21\u7684\u8BA1\u7B97\u65B9\u5F0F"),
        choices: [choice("orders", "Orders", "\u8BA2\u5355\u6570"), choice("days", "Days with a purchase", "\u6709\u8D2D\u4E70\u7684\u5929\u6570")]
      },
      monetary: {
        label: t2("Value a customer by", "\u5BA2\u6237\u4EF7\u503C\u7684\u8BA1\u7B97\u65B9\u5F0F"),
        choices: [choice("sum", "Total spend", "\u7D2F\u8BA1\u91D1\u989D"), choice("mean", "Average order", "\u5E73\u5747\u8BA2\u5355\u91D1\u989D")]
      },
      segmentMap: {
        label: t2("Segment names", "\u5206\u7FA4\u65B9\u5F0F"),
        help: t2(
          "By language: in Chinese the eight classes (recency, frequency and value each above or below the customers' average), in English the ten segments common in English-language reports.",
          "\u968F\u62A5\u544A\u8BED\u8A00\u800C\u5B9A\uFF1A\u4E2D\u6587\u62A5\u544A\u7528 RFM \u516B\u7C7B\uFF08\u6700\u8FD1\u4E00\u6B21\u6D88\u8D39\u65F6\u95F4\u3001\u6D88\u8D39\u9891\u7387\u3001\u6D88\u8D39\u91D1\u989D\u5206\u522B\u4E0E\u5BA2\u6237\u5E73\u5747\u503C\u6BD4\u8F83\uFF0C\u4ECE\u91CD\u8981\u4EF7\u503C\u5BA2\u6237\u5230\u4E00\u822C\u633D\u7559\u5BA2\u6237\uFF09\uFF0C\u82F1\u6587\u62A5\u544A\u7528\u82F1\u6587\u62A5\u544A\u5E38\u89C1\u7684\u5341\u7C7B\u7EC6\u5206\u3002"
        ),
        choices: [
          choice("auto", "By language (eight classes in Chinese)", "\u968F\u8BED\u8A00\uFF08\u4E2D\u6587\u7528\u516B\u7C7B\uFF09"),
          choice("eight", "Eight classes (against the averages)", "RFM \u516B\u7C7B\uFF08\u4E0E\u5E73\u5747\u503C\u6BD4\u8F83\uFF09"),
          choice("rfm", "Ten segments (Champions, Loyal \u2026)", "\u5341\u7C7B\u7EC6\u5206\uFF08\u82F1\u6587\u62A5\u544A\u5E38\u7528\uFF09"),
          choice(
            "business",
            "High value / potential / new / churn warning / lost",
            "\u9AD8\u4EF7\u503C / \u6F5C\u529B / \u65B0\u5BA2 / \u6D41\u5931\u9884\u8B66 / \u5DF2\u6D41\u5931"
          )
        ]
      },
      business: {
        label: t2("Rules for the five business segments", "\u4E94\u7C7B\u4E1A\u52A1\u5206\u7FA4\u7684\u89C4\u5219"),
        help: t2(
          "Scores run from 1 (worst) to the top of the score scale; the first rule that fits decides.",
          "\u8BC4\u5206\u4ECE 1 \u5206\uFF08\u6700\u5DEE\uFF09\u5230\u8BC4\u5206\u6863\u4F4D\u7684\u6700\u9AD8\u5206\uFF1B\u6309\u987A\u5E8F\u5957\u7528\uFF0C\u5148\u7B26\u5408\u54EA\u6761\u5C31\u5F52\u5165\u54EA\u7C7B\u3002"
        ),
        editor: {
          kind: "fields",
          fields: {
            lostMaxR: { label: t2("Lost: recency score at most", "\u5DF2\u6D41\u5931\uFF1A\u6700\u8FD1\u8D2D\u4E70\u8BC4\u5206\u4E0D\u9AD8\u4E8E"), min: 1, max: 5, step: 1 },
            warningMaxR: {
              label: t2("Churn warning: recency score at most", "\u6D41\u5931\u9884\u8B66\uFF1A\u6700\u8FD1\u8D2D\u4E70\u8BC4\u5206\u4E0D\u9AD8\u4E8E"),
              min: 1,
              max: 5,
              step: 1
            },
            newMaxOrders: { label: t2("New: orders at most", "\u65B0\u5BA2\uFF1A\u8BA2\u5355\u6570\u4E0D\u8D85\u8FC7"), min: 1, step: 1 },
            highMinF: {
              label: t2("High value: frequency score at least", "\u9AD8\u4EF7\u503C\uFF1A\u8D2D\u4E70\u9891\u6B21\u8BC4\u5206\u4E0D\u4F4E\u4E8E"),
              min: 1,
              max: 5,
              step: 1
            },
            highMinM: {
              label: t2("High value: spend score at least", "\u9AD8\u4EF7\u503C\uFF1A\u6D88\u8D39\u91D1\u989D\u8BC4\u5206\u4E0D\u4F4E\u4E8E"),
              min: 1,
              max: 5,
              step: 1
            }
          }
        }
      },
      segmentBy: SEGMENTS,
      segmentBasis: SEGMENTS,
      windows: LOOP_WINDOWS,
      maxCustomerRows: { label: t2("Most customers listed on the sheet", "\u7ED3\u679C\u8868\u6700\u591A\u5217\u51FA\u7684\u5BA2\u6237\u6570"), min: 100, step: 100 },
      newDays: {
        label: t2("Days a customer stays new after the first purchase", "\u9996\u6B21\u8D2D\u4E70\u540E\u591A\u5C11\u5929\u5185\u7B97\u65B0\u5BA2"),
        min: 1,
        step: 1
      },
      minIntervals: {
        label: t2("Repeat purchases needed to judge a customer by their own rhythm", "\u6309\u5BA2\u6237\u81EA\u8EAB\u8D2D\u4E70\u8282\u594F\u5224\u65AD\u6240\u9700\u7684\u590D\u8D2D\u6B21\u6570"),
        min: 1,
        step: 1
      },
      minWindowDays: {
        label: t2("Shortest time without a purchase before a customer slips (days)", "\u5224\u5B9A\u5BA2\u6237\u4E0B\u6ED1\u524D\u81F3\u5C11\u95F4\u9694\u591A\u5C11\u5929"),
        min: 1,
        step: 1
      },
      periods: { label: t2("Periods shown", "\u663E\u793A\u7684\u5468\u671F\u6570"), min: 1, step: 1 },
      maxPeriods: { label: t2("Periods followed after the first purchase", "\u9996\u8D2D\u540E\u8DDF\u8E2A\u7684\u5468\u671F\u6570"), min: 1, step: 1 },
      maxCohorts: { label: t2("Most recent groups of new customers shown", "\u663E\u793A\u6700\u8FD1\u591A\u5C11\u6279\u65B0\u5BA2\u6237"), min: 1, step: 1 },
      secondPurchaseDays: {
        label: t2("A second purchase counts within (days)", "\u591A\u5C11\u5929\u5185\u7684\u518D\u6B21\u8D2D\u4E70\u7B97\u4F5C\u590D\u8D2D"),
        min: 1,
        step: 1
      },
      timeUnit: {
        label: t2("Count time in", "\u65F6\u95F4\u5355\u4F4D"),
        help: t2("Weeks suit most shops; days suit very frequent buyers.", "\u5927\u591A\u6570\u5E97\u94FA\u7528\u5468\u5373\u53EF\uFF1B\u8D2D\u4E70\u975E\u5E38\u9891\u7E41\u65F6\u7528\u5929\u3002"),
        choices: [choice("days", "Days", "\u5929"), choice("weeks", "Weeks", "\u5468")]
      },
      horizonMonths: { label: t2("Months ahead to value", "\u9884\u6D4B\u672A\u6765\u591A\u5C11\u4E2A\u6708\u7684\u4EF7\u503C"), min: 1, max: 120, step: 1 },
      annualDiscountRate: {
        label: t2("Yearly discount on future money", "\u672A\u6765\u6536\u5165\u7684\u5E74\u6298\u73B0\u7387"),
        help: t2(
          "Money later is worth less than money now; 10 % a year is common.",
          "\u672A\u6765\u7684\u94B1\u4E0D\u5982\u73B0\u5728\u7684\u94B1\u503C\u94B1\uFF1B\u5E38\u7528\u6BCF\u5E74 10%\u3002"
        ),
        min: 0,
        max: 1,
        step: 0.01,
        percent: true
      },
      margin: {
        label: t2("Share of revenue that is profit", "\u6536\u5165\u4E2D\u5229\u6DA6\u7684\u5360\u6BD4"),
        help: t2(
          "100 % values customers on revenue; 30 % on a 30 % margin.",
          "100% \u8868\u793A\u6309\u6536\u5165\u8BA1\u7B97\u4EF7\u503C\uFF1B30% \u8868\u793A\u6309 30% \u7684\u6BDB\u5229\u8BA1\u7B97\u3002"
        ),
        min: 0,
        max: 1,
        step: 0.05,
        percent: true
      },
      holdoutDays: {
        label: t2("Last days held back to test the forecast", "\u7559\u51FA\u6700\u540E\u591A\u5C11\u5929\u68C0\u9A8C\u9884\u6D4B"),
        help: t2(
          "0: use all data. With 90, the model learns without the last 90 days and is checked on them.",
          "0\uFF1A\u4F7F\u7528\u5168\u90E8\u6570\u636E\u3002\u586B 90 \u5219\u6A21\u578B\u4E0D\u770B\u6700\u540E 90 \u5929\uFF0C\u518D\u7528\u8FD9 90 \u5929\u68C0\u9A8C\u9884\u6D4B\u3002"
        ),
        min: 0,
        step: 1
      },
      penalty: {
        label: t2("Smoothing of the model", "\u6A21\u578B\u5E73\u6ED1\u7A0B\u5EA6"),
        help: t2(
          "0: none. A small value (0.01) steadies the model on little data.",
          "0\uFF1A\u4E0D\u5E73\u6ED1\u3002\u6570\u636E\u5F88\u5C11\u65F6\u8BBE\u4E00\u4E2A\u5C0F\u503C\uFF08\u5982 0.01\uFF09\u80FD\u8BA9\u6A21\u578B\u66F4\u7A33\u5B9A\u3002"
        ),
        min: 0,
        step: 0.01
      },
      riskTiers: {
        label: t2("When a customer is at high or medium risk", "\u9AD8\u98CE\u9669\u4E0E\u4E2D\u98CE\u9669\u7684\u5224\u5B9A"),
        help: t2("By the chance that the customer still buys.", "\u4F9D\u636E\u5BA2\u6237\u4ECD\u4F1A\u7EE7\u7EED\u8D2D\u4E70\u7684\u6982\u7387\u3002"),
        editor: {
          kind: "fields",
          fields: {
            high: {
              label: t2("High risk: chance still buying below", "\u9AD8\u98CE\u9669\uFF1A\u4ECD\u4F1A\u8D2D\u4E70\u7684\u6982\u7387\u4F4E\u4E8E"),
              min: 0,
              max: 1,
              step: 0.05,
              percent: true
            },
            medium: {
              label: t2("Medium risk: chance still buying below", "\u4E2D\u98CE\u9669\uFF1A\u4ECD\u4F1A\u8D2D\u4E70\u7684\u6982\u7387\u4F4E\u4E8E"),
              min: 0,
              max: 1,
              step: 0.05,
              percent: true
            }
          }
        }
      },
      k: {
        label: t2("Number of groups", "\u5206\u6210\u51E0\u7EC4"),
        help: t2(
          "Empty: Loopbook picks the number that separates customers best.",
          "\u7559\u7A7A\uFF1A\u7531 Loopbook \u9009\u62E9\u6700\u80FD\u533A\u5206\u5BA2\u6237\u7684\u7EC4\u6570\u3002"
        ),
        min: 2,
        max: 20,
        step: 1
      },
      features: {
        label: t2("Group customers by", "\u6309\u54EA\u4E9B\u7279\u5F81\u5206\u7EC4"),
        choices: [
          choice("recency", "Days since last purchase", "\u8DDD\u4E0A\u6B21\u8D2D\u4E70\u5929\u6570"),
          choice("frequency", "Orders", "\u8BA2\u5355\u6570"),
          choice("monetary", "Revenue", "\u6536\u5165"),
          choice("tenure", "Days since first purchase", "\u8DDD\u9996\u6B21\u8D2D\u4E70\u5929\u6570"),
          choice("aov", "Average order value", "\u5E73\u5747\u8BA2\u5355\u91D1\u989D"),
          choice("clv", "Predicted value (CLV)", "\u9884\u6D4B\u4EF7\u503C\uFF08CLV\uFF09")
        ]
      },
      attributes: {
        label: t2("Also use these customer columns", "\u540C\u65F6\u4F7F\u7528\u8FD9\u4E9B\u5BA2\u6237\u5217"),
        help: t2("Numeric columns of the customers table.", "\u5BA2\u6237\u8868\u4E2D\u7684\u6570\u503C\u5217\u3002"),
        editor: { kind: "column", table: "customers", many: true, numeric: true }
      },
      kMin: { label: t2("Fewest groups tried", "\u6700\u5C11\u5C1D\u8BD5\u5206\u6210\u51E0\u7EC4"), min: 2, step: 1 },
      kMax: { label: t2("Most groups tried", "\u6700\u591A\u5C1D\u8BD5\u5206\u6210\u51E0\u7EC4"), min: 2, max: 20, step: 1 },
      selectionSample: {
        label: t2("Customers sampled to pick the number of groups", "\u9009\u62E9\u7EC4\u6570\u65F6\u62BD\u6837\u7684\u5BA2\u6237\u6570"),
        min: 100,
        step: 100
      },
      logSkewed: {
        label: t2("Soften a few very large values", "\u5F31\u5316\u5C11\u6570\u7279\u522B\u5927\u7684\u6570\u503C"),
        help: t2("So that a handful of big spenders do not form groups on their own.", "\u907F\u514D\u5C11\u6570\u5927\u989D\u5BA2\u6237\u5355\u72EC\u6210\u7EC4\u3002")
      },
      toleranceAbs: { label: t2("Accept differences up to (amount)", "\u53EF\u63A5\u53D7\u7684\u5DEE\u989D\uFF08\u91D1\u989D\uFF09"), min: 0, step: 0.01 },
      tolerancePct: {
        label: t2("\u2026or up to (share of the amount)", "\u2026\u2026\u6216\u53EF\u63A5\u53D7\u7684\u5DEE\u989D\uFF08\u5360\u91D1\u989D\u6BD4\u4F8B\uFF09"),
        min: 0,
        max: 1,
        step: 1e-3,
        percent: true
      },
      minSimilarity: {
        label: t2("How alike two names must be to match", "\u540D\u79F0\u76F8\u4F3C\u5230\u4EC0\u4E48\u7A0B\u5EA6\u624D\u7B97\u5339\u914D"),
        help: t2(
          "100 %: identical. Lower matches more loosely written names.",
          "100% \u8868\u793A\u5B8C\u5168\u76F8\u540C\uFF1B\u8D8A\u4F4E\u8D8A\u80FD\u5339\u914D\u5199\u6CD5\u4E0D\u540C\u7684\u540D\u79F0\u3002"
        ),
        min: 0.5,
        max: 1,
        step: 0.01,
        percent: true
      },
      rates: RATES,
      vendorChannels: TEXT_MAP(
        t2("Vendor or invoice channel", "\u4F9B\u5E94\u5546\u6216\u53D1\u7968\u6E20\u9053"),
        t2("Channel", "\u6E20\u9053"),
        t2("Vendors\u2019 channels", "\u4F9B\u5E94\u5546\u5BF9\u5E94\u7684\u6E20\u9053"),
        t2("Only for vendors whose channel Loopbook cannot tell from the name.", "\u4EC5\u7528\u4E8E\u65E0\u6CD5\u4ECE\u540D\u79F0\u5224\u65AD\u6E20\u9053\u7684\u4F9B\u5E94\u5546\u3002")
      ),
      aliases: TEXT_MAP(
        t2("Invoice reference", "\u53D1\u7968\u5F15\u7528"),
        t2("Campaign name", "\u6D3B\u52A8\u540D\u79F0"),
        t2("Invoice references that name a campaign differently", "\u4E0E\u6D3B\u52A8\u540D\u79F0\u5199\u6CD5\u4E0D\u540C\u7684\u53D1\u7968\u5F15\u7528"),
        t2(
          "For names no rule can match, e.g. a Chinese reference for an English campaign name.",
          "\u7528\u4E8E\u65E0\u6CD5\u81EA\u52A8\u5339\u914D\u7684\u540D\u79F0\uFF0C\u4F8B\u5982\u82F1\u6587\u6D3B\u52A8\u540D\u5BF9\u5E94\u7684\u4E2D\u6587\u53D1\u7968\u5F15\u7528\u3002"
        )
      ),
      amountIncludesTax: { label: t2("Invoice amounts include tax", "\u53D1\u7968\u91D1\u989D\u542B\u7A0E") },
      flagDuplicates: { label: t2("Set aside possible duplicate invoices", "\u6807\u51FA\u7591\u4F3C\u91CD\u590D\u7684\u53D1\u7968") },
      actual: {
        label: t2("Count actual spend from", "\u5B9E\u9645\u82B1\u8D39\u7684\u6765\u6E90"),
        choices: [choice("platform", "Platform reports", "\u5E73\u53F0\u62A5\u8868"), choice("invoiced", "Invoices", "\u53D1\u7968")]
      },
      flagThreshold: {
        label: t2("Flag a month over or under budget by more than", "\u8D85\u51FA\u6216\u4F4E\u4E8E\u9884\u7B97\u591A\u5C11\u65F6\u63D0\u793A"),
        min: 0,
        max: 1,
        step: 0.01,
        percent: true
      },
      excludeStatuses: {
        label: t2("Further order statuses that are not real revenue", "\u5176\u4ED6\u4E0D\u8BA1\u5165\u771F\u5B9E\u6536\u5165\u7684\u8BA2\u5355\u72B6\u6001"),
        help: t2("Cancelled, refunded and open orders are always left out.", "\u5DF2\u53D6\u6D88\u3001\u5DF2\u9000\u6B3E\u548C\u672A\u5B8C\u6210\u7684\u8BA2\u5355\u59CB\u7EC8\u4E0D\u8BA1\u5165\u3002"),
        editor: { kind: "list", item: { label: t2("Status", "\u72B6\u6001"), type: "text" } }
      },
      sameWindow: { label: t2("Count only orders in the campaign dates", "\u53EA\u7EDF\u8BA1\u6D3B\u52A8\u671F\u95F4\u7684\u8BA2\u5355") },
      minInflation: {
        label: t2("Flag platform revenue above real revenue by more than", "\u5E73\u53F0\u62A5\u544A\u6536\u5165\u9AD8\u51FA\u771F\u5B9E\u6536\u5165\u591A\u5C11\u65F6\u63D0\u793A"),
        min: 0,
        step: 0.05,
        percent: true
      },
      channelMap: TEXT_MAP(
        t2("Channel in the orders", "\u8BA2\u5355\u4E2D\u7684\u6E20\u9053"),
        t2("Channel on the platform", "\u5E73\u53F0\u4E0A\u7684\u6E20\u9053"),
        t2("Order channels that the platforms name differently", "\u4E0E\u5E73\u53F0\u540D\u79F0\u5199\u6CD5\u4E0D\u540C\u7684\u8BA2\u5355\u6E20\u9053"),
        t2("For names no rule can match.", "\u7528\u4E8E\u65E0\u6CD5\u81EA\u52A8\u5339\u914D\u7684\u540D\u79F0\u3002")
      ),
      touchColumns: {
        label: t2("Compare responses by", "\u6309\u4EC0\u4E48\u6BD4\u8F83\u54CD\u5E94"),
        choices: [choice("channel", "Channel", "\u6E20\u9053"), choice("campaign", "Campaign", "\u6D3B\u52A8")]
      },
      experimentStart: {
        label: t2("Experiment start", "\u5B9E\u9A8C\u5F00\u59CB\u65E5\u671F"),
        help: t2(
          "Given: customers are grouped by their purchases before this day. Empty: by the experiment sheet\u2019s own segment column.",
          "\u586B\u5199\u540E\u6309\u6B64\u65E5\u671F\u4E4B\u524D\u7684\u8D2D\u4E70\u8BB0\u5F55\u7ED9\u5BA2\u6237\u5206\u7EC4\uFF1B\u7559\u7A7A\u5219\u4F7F\u7528\u5B9E\u9A8C\u8868\u81EA\u5E26\u7684\u5206\u7FA4\u5217\u3002"
        ),
        editor: { kind: "date" }
      },
      experimentSegment: {
        label: t2("Segment column of the experiment sheet", "\u5B9E\u9A8C\u8868\u7684\u5206\u7FA4\u5217"),
        help: t2("Empty: its first column with few different values.", "\u7559\u7A7A\uFF1A\u4F7F\u7528\u5176\u4E2D\u7B2C\u4E00\u4E2A\u53D6\u503C\u8F83\u5C11\u7684\u5217\u3002"),
        editor: {
          kind: "column",
          table: "experiment",
          skipRoles: ["unit_id", "customer_id", "arm", "outcome", "covariate"]
        }
      },
      minSize: { label: t2("Smallest group compared (customers)", "\u53C2\u4E0E\u6BD4\u8F83\u7684\u6700\u5C0F\u7EC4\uFF08\u5BA2\u6237\u6570\uFF09"), min: 1, step: 1 },
      maxSegments: { label: t2("Most segments", "\u6700\u591A\u5206\u7FA4\u6570"), min: 1, step: 1 },
      maxColumns: { label: t2("Most campaigns or channels compared", "\u6700\u591A\u6BD4\u8F83\u591A\u5C11\u4E2A\u6D3B\u52A8\u6216\u6E20\u9053"), min: 1, step: 1 },
      retentionDays: {
        label: t2("Count repeat buyers within (days)", "\u5728\u591A\u5C11\u5929\u5185\u518D\u6B21\u8D2D\u4E70\u7B97\u590D\u8D2D"),
        editor: {
          kind: "list",
          item: { label: t2("Days", "\u5929\u6570"), min: 1, step: 1 },
          labels: [t2("First window (days)", "\u7B2C\u4E00\u4E2A\u7A97\u53E3\uFF08\u5929\uFF09"), t2("Second window (days)", "\u7B2C\u4E8C\u4E2A\u7A97\u53E3\uFF08\u5929\uFF09")]
        }
      },
      volumeShare: {
        label: t2(
          "A channel brings \u201Cmany\u201D new customers from this multiple of an even share",
          "\u6E20\u9053\u65B0\u5BA2\u6570\u8FBE\u5230\u5E73\u5747\u4EFD\u989D\u7684\u591A\u5C11\u500D\u7B97\u201C\u91CF\u5927\u201D"
        ),
        min: 0,
        step: 0.1
      },
      valueRatio: {
        label: t2(
          "\u2026and \u201Clittle\u201D value below this share of the other channels\u2019 value",
          "\u2026\u2026\u4E14\u4EF7\u503C\u4F4E\u4E8E\u5176\u4ED6\u6E20\u9053\u7684\u591A\u5C11\u7B97\u201C\u4EF7\u503C\u4F4E\u201D"
        ),
        min: 0,
        max: 1,
        step: 0.05,
        percent: true
      },
      minCustomers: {
        label: t2("Fewest new customers for a channel to be judged", "\u6E20\u9053\u81F3\u5C11\u6709\u591A\u5C11\u65B0\u5BA2\u624D\u53C2\u4E0E\u8BC4\u4F30"),
        min: 1,
        step: 1
      },
      maxPaybackMonths: { label: t2("Longest payback shown (months)", "\u663E\u793A\u7684\u6700\u957F\u56DE\u672C\u671F\uFF08\u6708\uFF09"), min: 1, step: 1 },
      participants: {
        label: t2("Who took part", "\u54EA\u4E9B\u5BA2\u6237\u7B97\u53C2\u4E0E\u8005"),
        choices: [
          choice("touches", "Customers the campaign reached", "\u6D3B\u52A8\u89E6\u8FBE\u7684\u5BA2\u6237"),
          choice("orders", "Customers who bought through the campaign", "\u901A\u8FC7\u6D3B\u52A8\u4E0B\u5355\u7684\u5BA2\u6237")
        ]
      },
      campaign: {
        label: t2("Which campaign or channel", "\u54EA\u4E2A\u6D3B\u52A8\u6216\u6E20\u9053"),
        help: t2(
          "Its name as in the data. Empty: any touch counts (for orders, the campaign with most buyers).",
          "\u586B\u5199\u6570\u636E\u4E2D\u7684\u540D\u79F0\u3002\u7559\u7A7A\uFF1A\u4EFB\u4F55\u89E6\u8FBE\u90FD\u7B97\uFF08\u6309\u8BA2\u5355\u65F6\u53D6\u8D2D\u4E70\u4EBA\u6570\u6700\u591A\u7684\u6D3B\u52A8\uFF09\u3002"
        )
      },
      start: {
        label: t2("Campaign start", "\u6D3B\u52A8\u5F00\u59CB\u65E5\u671F"),
        help: t2("Empty: the first touch (or campaign order).", "\u7559\u7A7A\uFF1A\u4F7F\u7528\u7B2C\u4E00\u6B21\u89E6\u8FBE\uFF08\u6216\u6D3B\u52A8\u8BA2\u5355\uFF09\u7684\u65E5\u671F\u3002"),
        editor: { kind: "date" }
      },
      end: {
        label: t2("Campaign end", "\u6D3B\u52A8\u7ED3\u675F\u65E5\u671F"),
        help: t2("Empty: the last touch (or campaign order).", "\u7559\u7A7A\uFF1A\u4F7F\u7528\u6700\u540E\u4E00\u6B21\u89E6\u8FBE\uFF08\u6216\u6D3B\u52A8\u8BA2\u5355\uFF09\u7684\u65E5\u671F\u3002"),
        editor: { kind: "date" }
      },
      followDays: {
        label: t2("Days compared before and after", "\u6D3B\u52A8\u524D\u540E\u5404\u6BD4\u8F83\u591A\u5C11\u5929"),
        min: 7,
        step: 1
      },
      maxWinBack: { label: t2("Customers on the win-back list", "\u633D\u56DE\u540D\u5355\u7684\u5BA2\u6237\u6570"), min: 0, step: 50 }
    };
  }
});

// src/analysis/common/validate-options.ts
import { z } from "zod";
var init_validate_options = __esm({
  "src/analysis/common/validate-options.ts"() {
    "use strict";
    init_option_specs();
    init_diagnostics2();
  }
});

// src/analysis/common/full-table.ts
function fullTableOfFields(rows, at, fields, customers) {
  const byKey = new Map(fields);
  return {
    rows,
    row: (k) => rowOfFields(fields, at(k)),
    column: (key) => {
      const get = byKey.get(key);
      return get && ((k) => get(at(k)));
    },
    customers: () => {
      const codes = customers?.();
      return codes && { ids: codes.ids, code: (k) => codes.code(at(k)) };
    },
    byIndex: () => ({ at, field: (key) => byKey.get(key) })
  };
}
function rowOfFields(fields, i) {
  const row = {};
  for (const [key, get] of fields) row[key] = get(i);
  return row;
}
function attachFullTable(table, full) {
  if (full.rows > table.rows.length) FULL.set(table, full);
}
function fullTableOf(table) {
  return FULL.get(table);
}
var FULL;
var init_full_table = __esm({
  "src/analysis/common/full-table.ts"() {
    "use strict";
    FULL = /* @__PURE__ */ new WeakMap();
  }
});

// src/analysis/common/index.ts
var init_common = __esm({
  "src/analysis/common/index.ts"() {
    "use strict";
    init_columns();
    init_diagnostics2();
    init_math();
    init_result();
    init_dates();
    init_text();
    init_options();
    init_messages();
    init_define();
    init_memo();
    init_validate_options();
    init_full_table();
  }
});

// ../../../tmp/fullside/syn-data.mts
var syn_data_exports = {};
__export(syn_data_exports, {
  clvT: () => clvT,
  rfm: () => rfm
});
function order(v) {
  const o = new Int32Array(N);
  for (let i = 0; i < N; i++) o[i] = i;
  o.sort((a, b) => v[b] - v[a] || a - b);
  return o;
}
function res(kind, cols, fields, o) {
  const t3 = { name: "customers", title: { en: "c", "zh-CN": "c" }, columns: cols, rows: [] };
  attachFullTable(t3, fullTableOfFields(N, (k) => o[k], fields));
  return { kind, tables: [t3] };
}
var N, busy, round2, seed, rnd, ids, last, rec, freq, mon, r, f, m, SEG, BIZ, seg, biz, labelTexts, scoreTexts, x, tx, T, pa, pur, sp, clv, TIER, o1, o2, col2, rfm, clvT;
var init_syn_data = __esm({
  "../../../tmp/fullside/syn-data.mts"() {
    init_common();
    N = Number(process.env.N ?? 6333350);
    busy = Number(process.env.BUSY ?? 8e3);
    round2 = (v, d = 6) => {
      if (!Number.isFinite(v)) return null;
      const f2 = 10 ** d;
      return Math.round(v * f2) / f2;
    };
    seed = 1;
    rnd = () => (seed = seed * 1103515245 + 12345 & 2147483647) / 2147483647;
    ids = Array.from({ length: N }, (_, i) => `C${String(i * 3 + 7).padStart(8, "0")}`);
    last = new Int32Array(N).map(() => 44e3 + Math.floor(rnd() * 1800));
    rec = new Int32Array(N).map(() => Math.floor(rnd() * 1800));
    freq = new Int32Array(N).map(() => 1 + Math.floor(rnd() * 12));
    mon = new Float64Array(N).map(() => rnd() * 1e3);
    r = new Int8Array(N).map(() => 1 + Math.floor(rnd() * 5));
    f = new Int8Array(N).map(() => 1 + Math.floor(rnd() * 5));
    m = new Int8Array(N).map(() => 1 + Math.floor(rnd() * 5));
    SEG = ["Champions", "Loyal", "Potential Loyalist", "New", "Promising", "Need Attention", "About to Sleep", "At Risk", "Can't Lose Them", "Hibernating", "Lost"];
    BIZ = ["Important value", "Important keep", "Important develop", "Important retain", "General value", "General keep", "General develop", "General retain"];
    seg = Array.from({ length: N }, () => SEG[Math.floor(rnd() * SEG.length)]);
    biz = Array.from({ length: N }, () => BIZ[Math.floor(rnd() * BIZ.length)]);
    labelTexts = (keys) => {
      const made = /* @__PURE__ */ new Map();
      return (i) => {
        const k = keys[i];
        let t3 = made.get(k);
        if (t3 === void 0) {
          t3 = `${k}`;
          made.set(k, t3);
        }
        return t3;
      };
    };
    scoreTexts = () => {
      const made = /* @__PURE__ */ new Map();
      return (i) => {
        const key = r[i] + 128 << 16 | f[i] + 128 << 8 | m[i] + 128;
        let t3 = made.get(key);
        if (t3 === void 0) {
          t3 = `${r[i]}${f[i]}${m[i]}`;
          made.set(key, t3);
        }
        return t3;
      };
    };
    x = new Int32Array(N).map(() => Math.floor(rnd() * 10));
    tx = new Float64Array(N).map(() => rnd() * 700);
    T = new Float64Array(N).map(() => rnd() * 1e3);
    pa = new Float64Array(N).map(() => rnd());
    pur = new Float64Array(N).map(() => rnd() * 5);
    sp = new Float64Array(N).map(() => rnd() * 100);
    clv = new Float64Array(N).map(() => rnd() * 1e3);
    TIER = ["High", "Medium", "Low"];
    o1 = order(mon);
    o2 = order(clv);
    col2 = (key, kind) => ({ key, kind, label: { en: key, "zh-CN": key } });
    rfm = res(
      "rfm",
      [col2("customer_id", "text"), col2("last_order", "date"), col2("recency_days", "integer"), col2("frequency", "integer"), col2("monetary", "currency"), col2("r", "integer"), col2("f", "integer"), col2("m", "integer"), col2("rfm_score", "text"), col2("segment", "text"), col2("business_segment", "text")],
      [["customer_id", (i) => ids[i]], ["last_order", (i) => last[i]], ["recency_days", (i) => rec[i]], ["frequency", (i) => freq[i]], ["monetary", (i) => round2(mon[i], 2)], ["r", (i) => r[i]], ["f", (i) => f[i]], ["m", (i) => m[i]], ["rfm_score", scoreTexts()], ["segment", labelTexts(seg)], ["business_segment", labelTexts(biz)]],
      o1
    );
    clvT = res(
      "clv",
      [col2("customer_id", "text"), col2("x", "integer"), col2("t_x", "number"), col2("T", "number"), col2("p_alive", "percent"), col2("risk", "text"), col2("expected_purchases", "number"), col2("expected_spend", "currency"), col2("clv", "currency")],
      [["customer_id", (i) => ids[i]], ["x", (i) => x[i]], ["t_x", (i) => round2(tx[i], 2)], ["T", (i) => round2(T[i], 2)], ["p_alive", (i) => round2(pa[i])], ["risk", (i) => TIER[pa[i] < 0.3 ? 0 : pa[i] < 0.7 ? 1 : 2]], ["expected_purchases", (i) => round2(pur[i], 4)], ["expected_spend", (i) => round2(sp[i], 2)], ["clv", (i) => round2(clv[i], 2)]],
      o2
    );
  }
});

// src/cli/full-tables.ts
init_common();

// src/cli/duck-vectors.ts
import { createRequire } from "node:module";
var duckdb = createRequire(createRequire(import.meta.url).resolve("@duckdb/node-api"))(
  "@duckdb/node-bindings"
);
var CHUNK = 2048;
function intWidth(min, max) {
  if (min >= 0 && max <= 255) return "u8";
  if (min >= 0 && max <= 65535) return "u16";
  if (min >= -(2 ** 31) && max < 2 ** 31) return "i32";
  return null;
}
function cellNumber2(v) {
  return typeof v === "number" ? v : typeof v === "boolean" ? v ? 1 : 0 : NaN;
}
function inlineText(slots, lengths, encoder, s, k) {
  const len = s.length;
  if (len > 12) return false;
  const at = 16 * k + 4;
  let i = 0;
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) break;
    slots[at + i] = c;
  }
  if (i === len) {
    lengths[4 * k] = len;
    return true;
  }
  const { read, written } = encoder.encodeInto(s, slots.subarray(at, at + 12));
  if (read === len) {
    lengths[4 * k] = written;
    return true;
  }
  slots.fill(0, at, at + 12);
  return false;
}
function encodeTexts(get, n) {
  const slots = new Uint8Array(16 * n);
  const words = new Uint32Array(slots.buffer);
  const state = new Uint8Array(n);
  const long = /* @__PURE__ */ new Map();
  const encoder = new TextEncoder();
  for (let i = 0; i < n; i++) {
    const v = get(i);
    if (v === null || v === void 0) {
      state[i] = 1;
      continue;
    }
    const s = typeof v === "string" ? v : String(v);
    if (inlineText(slots, words, encoder, s, i)) continue;
    state[i] = 2;
    long.set(i, s);
  }
  return { words, state, long };
}

// src/cli/full-tables-stage.ts
import {
  DuckDBDataChunk,
  DuckDBInstance,
  DOUBLE,
  INTEGER,
  USMALLINT,
  UTINYINT,
  VARCHAR
} from "@duckdb/node-api";
var MAX_STAGED_BYTES = 256 * 2 ** 20;
function intArray(width, n, buffer, offset = 0) {
  if (!buffer) return width === "u8" ? new Uint8Array(n) : width === "u16" ? new Uint16Array(n) : new Int32Array(n);
  return width === "u8" ? new Uint8Array(buffer, offset, n) : width === "u16" ? new Uint16Array(buffer, offset, n) : new Int32Array(buffer, offset, n);
}
var BLOCK = 1 << 20;

// src/cli/full-tables.ts
var TEXT_KINDS = /* @__PURE__ */ new Set(["text"]);
var WHOLE_KINDS = /* @__PURE__ */ new Set(["integer", "date"]);
var MAX_CODED_TEXTS = 1024;
function prepareTable(full, columns, cache) {
  const source = byIndex(full, columns) ?? byColumn(full, columns) ?? byRow(full, columns);
  const { size, rows } = source;
  let listed = null;
  if (source.at && columns.some((c) => WHOLE_KINDS.has(c.kind))) {
    listed = new Uint8Array(size);
    source.at((k, i) => listed[i] = 1);
  }
  let forget;
  const plans = columns.map((c, j) => {
    const { key, kind } = c;
    const get = source.get(j);
    if (!TEXT_KINDS.has(kind)) return { key, kind, width: WHOLE_KINDS.has(kind) ? wholeWidth(get, size, listed) : null };
    const coded = codedTexts(get, size);
    if (coded) return { key, kind, type: "code", ...coded };
    const last2 = cache.last;
    if (last2 && sameTexts(last2.texts, get, size)) return { key, kind, type: "text", ref: last2.ref };
    const texts2 = new Array(size);
    for (let i = 0; i < size; i++) texts2[i] = get(i);
    const ref = cache.next++;
    if (last2) (forget ??= []).push(last2.ref);
    cache.last = { texts: texts2, ref };
    return { key, kind, type: "text", ref, encoded: encodeTexts((i) => texts2[i], size) };
  });
  const bytesOf = (w) => w === null ? 8 : w === "i32" ? 4 : w === "u16" ? 2 : 1;
  const numbers2 = plans.flatMap((p, j) => "width" in p ? [{ j, bytes: bytesOf(p.width) }] : []);
  const parts = [...numbers2, ...source.at ? [{ j: -1, bytes: 4 }] : []].sort((a, b) => b.bytes - a.bytes);
  const buffer = new ArrayBuffer(parts.reduce((sum, p) => sum + p.bytes * (p.j < 0 ? rows : size), 0));
  let offset = 0;
  let at = null;
  const arrays = /* @__PURE__ */ new Map();
  for (const p of parts) {
    const n = p.j < 0 ? rows : size;
    const plan = plans[p.j];
    const view = p.j < 0 ? new Int32Array(buffer, offset, n) : "width" in plan && plan.width ? intArray(plan.width, n, buffer, offset) : new Float64Array(buffer, offset, n);
    offset += p.bytes * n;
    if (p.j < 0) at = view;
    else arrays.set(p.j, view);
  }
  if (at) {
    const out = at;
    source.at((k, i) => out[k] = i);
  }
  const prepared = plans.map((p, j) => {
    if (!("width" in p)) return p;
    const values = arrays.get(j);
    const get = source.get(j);
    for (let i = 0; i < size; i++) values[i] = cellNumber2(get(i));
    const { key, kind, width } = p;
    return width ? { key, kind, type: "int", width, values } : { key, kind, type: "double", values };
  });
  return { rows, at, columns: prepared, ...forget ? { forget } : {} };
}
function byIndex(full, columns) {
  const ix = full.byIndex?.();
  if (!ix) return null;
  const getters = columns.map((c) => ix.field(c.key));
  if (!getters.every((g) => g !== void 0)) return null;
  const rows = full.rows;
  let size = 0;
  for (let k = 0; k < rows; k++) {
    const i = ix.at(k);
    if (!Number.isInteger(i) || i < 0 || i >= 2 ** 31) return null;
    if (i >= size) size = i + 1;
  }
  if (size > 2 * rows + CHUNK) return null;
  return {
    rows,
    size,
    at: (each) => {
      for (let k = 0; k < rows; k++) each(k, ix.at(k));
    },
    get: (j) => getters[j]
  };
}
function byColumn(full, columns) {
  const getters = columns.map((c) => full.column?.(c.key));
  if (!getters.every((g) => g !== void 0)) return null;
  return { rows: full.rows, size: full.rows, at: null, get: (j) => getters[j] };
}
function byRow(full, columns) {
  const n = full.rows;
  const cells2 = columns.map(() => new Array(n));
  for (let k = 0; k < n; k++) {
    const row = full.row(k);
    for (let j = 0; j < columns.length; j++) cells2[j][k] = row[columns[j].key];
  }
  return {
    rows: n,
    size: n,
    at: null,
    get: (j) => {
      const c = cells2[j];
      return (i) => c[i];
    }
  };
}
function sameTexts(texts2, get, size) {
  if (texts2.length !== size) return false;
  for (let i = 0; i < size; i++) if (get(i) !== texts2[i]) return false;
  return true;
}
function codedTexts(get, size) {
  const code = /* @__PURE__ */ new Map();
  const texts2 = [];
  const codes = new Uint16Array(size);
  let prev = null;
  let prevCode = 0;
  for (let i = 0; i < size; i++) {
    const v = get(i);
    if (v === null || v === void 0) continue;
    const s = typeof v === "string" ? v : String(v);
    if (s === prev) {
      codes[i] = prevCode;
      continue;
    }
    let k = code.get(s);
    if (k === void 0) {
      if (texts2.length >= MAX_CODED_TEXTS) return null;
      k = texts2.push(s);
      code.set(s, k);
    }
    codes[i] = k;
    prev = s;
    prevCode = k;
  }
  if (texts2.length === 0) return null;
  return { texts: texts2, codes: texts2.length < 255 ? Uint8Array.from(codes) : codes };
}
function wholeWidth(get, size, listed) {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < size; i++) {
    if (listed && listed[i] === 0) continue;
    const x2 = cellNumber2(get(i));
    if (x2 !== Math.trunc(x2)) return null;
    if (x2 < min) min = x2;
    if (x2 > max) max = x2;
  }
  return min > max ? null : intWidth(min, max);
}

// ../../../tmp/fullside/prep3.mts
init_common();
var { rfm: rfm2, clvT: clvT2 } = await Promise.resolve().then(() => (init_syn_data(), syn_data_exports));
for (let rep = 0; rep < 3; rep++) {
  const cache = { next: 0 };
  const line = [];
  for (const res2 of [rfm2, clvT2]) {
    const t3 = res2.tables[0];
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    prepareTable(fullTableOf(t3), t3.columns, cache);
    const c = process.cpuUsage(c0);
    line.push(`${res2.kind} ${(performance.now() - t0).toFixed(0)} cpu ${((c.user + c.system) / 1e3).toFixed(0)}`);
  }
  console.log(line.join("  "));
}
