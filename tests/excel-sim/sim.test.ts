import { describe, expect, it } from 'vitest';
import { createSimExcel, SimError } from '../../addin/excel-sim/index.js';
import type { XlContext } from '../../addin/excel-sim/index.js';
import { jsonBytes } from '../../addin/excel-sim/context.js';
import { NOT_EVALUATED } from '../../addin/excel-sim/formulas.js';

function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'no error',
    (e: unknown) => (e instanceof SimError ? e.code : String(e)),
  );
}

function withData() {
  const sim = createSimExcel();
  const s = sim.model.addSheet('Data');
  s.setRaw(0, 0, 'id');
  s.setRaw(0, 1, 'amount');
  s.setRaw(1, 0, 'a');
  s.setRaw(1, 1, 10);
  return sim;
}

describe('Excel stand-in: proxies and sync', () => {
  it('throws PropertyNotLoaded before load and sync, with the OfficeExtension.Error shape', async () => {
    const sim = withData();
    await sim.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Data').getRange('A1:B2');
      expect(() => r.values).toThrow(/not available/);
      r.load('values');
      // Loaded but not synced yet: still unavailable.
      try {
        expect(r.values).toBe('unreachable');
      } catch (e) {
        expect(e).toBeInstanceOf(SimError);
        expect((e as SimError).code).toBe('PropertyNotLoaded');
        expect((e as SimError).name).toBe('RichApi.Error');
      }
      await ctx.sync();
      expect(r.values).toEqual([
        ['id', 'amount'],
        ['a', 10],
      ]);
      // Not loaded: address.
      expect(() => r.address).toThrow(SimError);
    });
  });

  it('applies writes only at sync, in order', async () => {
    const sim = withData();
    await sim.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Data').getRange('C1').values = [['x']];
      expect(sim.model.sheet('Data').getValue(0, 2)).toBe('');
      await ctx.sync();
      expect(sim.model.sheet('Data').getValue(0, 2)).toBe('x');
    });
    expect(sim.counters.syncs).toBe(1);
  });

  it('flushes pending commands when the batch ends (Excel.run) and rejects use after the run', async () => {
    const sim = withData();
    let saved: XlContext | null = null;
    await sim.run(async (ctx) => {
      saved = ctx;
      ctx.workbook.worksheets.getItem('Data').getRange('D1').values = [[1]];
      await Promise.resolve();
    });
    expect(sim.model.sheet('Data').getValue(0, 3)).toBe(1);
    expect(() => saved!.workbook.worksheets.getItem('Data').getRange('A1').load('values')).toThrow(
      /finished Excel.run/,
    );
  });

  it('rejects a value array whose shape differs from the range (InvalidArgument)', async () => {
    const sim = withData();
    const code = await codeOf(
      sim.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Data').getRange('A1:B2').values = [[1, 2]];
        await ctx.sync();
      }),
    );
    expect(code).toBe('InvalidArgument');
    expect(sim.model.sheet('Data').getValue(0, 0)).toBe('id');
  });

  it('stores strings beginning with = + - @ as formulas unless the cell is text-formatted', async () => {
    const sim = withData();
    await sim.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Data');
      ws.getRange('A5:E5').values = [['=1+1', '+A1', '-x', '@A1', '-5']];
      const g = ws.getRange('A6:D6');
      g.numberFormat = [['@', '@', '@', '@']];
      g.values = [['=1+1', '+A1', '-x', '@A1']];
      ws.getRange('A7:C7').values = [["'=1+1", '00123', '2024-01-05']];
      await ctx.sync();
    });
    const snap = sim.snapshot().sheets[0];
    expect(snap.formulas).toEqual({ A5: '=1+1', B5: '=+A1', C5: '=-x', D5: '=@A1' });
    // Formulas the stand-in does not evaluate (it evaluates GETPIVOTDATA and IFERROR) hold no made-up 0 …
    expect(snap.values[4]).toEqual([NOT_EVALUATED, NOT_EVALUATED, NOT_EVALUATED, NOT_EVALUATED, -5]);
    // … and reading one through Office.js says so, naming the cell and the formula.
    const read = sim.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Data').getRange('A5:E5');
      r.load('values');
      await ctx.sync();
      return r.values;
    });
    await expect(read).rejects.toThrow(/does not evaluate the formula =1\+1 in Data!A5/);
    expect(snap.values[5]).toEqual(['=1+1', '+A1', '-x', '@A1', '']);
    // Quote prefix keeps text; leading zeros are lost in General cells; ISO dates become serials (45296 = 2024-01-05).
    expect(snap.values[6].slice(0, 3)).toEqual(['=1+1', 123, 45296]);
  });

  it('enforces sheet-name rules (InvalidArgument) and uniqueness ignoring case (ItemAlreadyExists)', async () => {
    const sim = withData();
    const add = (name: string) =>
      codeOf(
        sim.run(async (ctx) => {
          ctx.workbook.worksheets.add(name);
          await ctx.sync();
        }),
      );
    expect(await add('a'.repeat(32))).toBe('InvalidArgument');
    for (const ch of [':', '\\', '/', '?', '*', '[', ']']) expect(await add(`x${ch}y`)).toBe('InvalidArgument');
    expect(await add('')).toBe('InvalidArgument');
    expect(await add('DATA')).toBe('ItemAlreadyExists');
    expect(await add('a'.repeat(31))).toBe('no error');
    expect(await add('销售 2024')).toBe('no error');
  });

  it('enforces table-name rules and uniqueness across tables and names', async () => {
    const sim = withData();
    const code = (f: (ctx: XlContext) => void) =>
      codeOf(
        sim.run(async (ctx) => {
          f(ctx);
          await ctx.sync();
        }),
      );
    expect(
      await code((ctx) => {
        ctx.workbook.tables.add('Data!A1:B2', true).name = 'Sales';
      }),
    ).toBe('no error');
    expect(
      await code((ctx) => {
        ctx.workbook.tables.getItem('Sales').name = 'bad name';
      }),
    ).toBe('InvalidArgument');
    expect(
      await code((ctx) => {
        ctx.workbook.tables.getItem('Sales').name = 'A1';
      }),
    ).toBe('InvalidArgument');
    expect(
      await code((ctx) => {
        ctx.workbook.names.add('sales', ctx.workbook.worksheets.getItem('Data').getRange('D1'));
      }),
    ).toBe('ItemAlreadyExists');
    expect(
      await code((ctx) => {
        ctx.workbook.tables.add('Data!B2:C3', true);
      }),
    ).toBe('InvalidOperation');
  });

  it('enforces the grid and the 5,000,000-cell read limit', async () => {
    const sim = withData();
    const code = (f: (ctx: XlContext) => void) =>
      codeOf(
        sim.run(async (ctx) => {
          f(ctx);
          await ctx.sync();
        }),
      );
    expect(await code((ctx) => ctx.workbook.worksheets.getItem('Data').getRange('A1048577').load('values'))).toBe(
      'InvalidArgument',
    );
    expect(await code((ctx) => ctx.workbook.worksheets.getItem('Data').getRange('XFE1').load('values'))).toBe(
      'InvalidArgument',
    );
    expect(
      await code((ctx) => ctx.workbook.worksheets.getItem('Data').getRangeByIndexes(1_048_575, 0, 2, 1).load('values')),
    ).toBe('InvalidArgument');
    expect(await code((ctx) => ctx.workbook.worksheets.getItem('Data').getRange('A:E').load('values'))).toBe(
      'RangeExceedsLimit',
    );
  });

  it('enforces the 5 MB request and response payloads and counts bytes', async () => {
    const sim = withData();
    const big = Array.from({ length: 60_000 }, () => ['x'.repeat(100)]);
    expect(
      await codeOf(
        sim.run(async (ctx) => {
          ctx.workbook.worksheets.getItem('Data').getRange('A1:A60000').values = big;
          await ctx.sync();
        }),
      ),
    ).toBe('RequestPayloadSizeLimitExceeded');
    // The rejected request changed nothing.
    expect(sim.model.sheet('Data').getValue(0, 0)).toBe('id');
    const half = big.slice(0, 30_000);
    await sim.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Data');
      ws.getRange('A1:A30000').values = half;
      await ctx.sync();
      ws.getRange('B1:B30000').values = half;
      await ctx.sync();
    });
    expect(
      await codeOf(
        sim.run(async (ctx) => {
          ctx.workbook.worksheets.getItem('Data').getRange('A1:B30000').load('values');
          await ctx.sync();
        }),
      ),
    ).toBe('ResponsePayloadSizeLimitExceeded');
    // One write sync: 30,000 rows of `["x…x"]` (100 + 2 quotes + 2 brackets) plus commas, by hand: ≈ 3,150,000 bytes.
    const write = sim.counters.log.at(-2)!;
    expect(write.requestBytes).toBeGreaterThan(30_000 * 104);
    expect(write.requestBytes).toBeLessThan(30_000 * 105 + 1000);
    expect(sim.counters.log.at(-1)!.failed).toBe('ResponsePayloadSizeLimitExceeded');
  });

  it('null objects: getItemOrNullObject reports isNullObject after sync', async () => {
    const sim = withData();
    await sim.run(async (ctx) => {
      const a = ctx.workbook.worksheets.getItemOrNullObject('nope');
      const b = ctx.workbook.worksheets.getItemOrNullObject('data');
      expect(() => a.isNullObject).toThrow(SimError);
      await ctx.sync();
      expect(a.isNullObject).toBe(true);
      expect(b.isNullObject).toBe(false);
    });
  });

  it('very hidden sheets cannot be deleted; the last visible sheet cannot be hidden', async () => {
    const sim = withData();
    sim.model.addSheet('_store').visibility = 'VeryHidden';
    expect(
      await codeOf(
        sim.run(async (ctx) => {
          ctx.workbook.worksheets.getItem('_store').delete();
          await ctx.sync();
        }),
      ),
    ).toBe('InvalidOperation');
    expect(
      await codeOf(
        sim.run(async (ctx) => {
          ctx.workbook.worksheets.getItem('Data').visibility = 'Hidden';
          await ctx.sync();
        }),
      ),
    ).toBe('InvalidOperation');
  });

  it('members of newer requirement sets throw ApiNotFound; isSetSupported answers per set', async () => {
    const sim = createSimExcel({
      excelApi: '1.7',
      displayLanguage: 'zh-CN',
      requirementSets: { ExcelApiOnline: '1.1' },
    });
    expect(sim.office.context.requirements.isSetSupported('ExcelApi', '1.7')).toBe(true);
    expect(sim.office.context.requirements.isSetSupported('ExcelApi', '1.10')).toBe(false);
    expect(sim.office.context.requirements.isSetSupported('ExcelApiOnline', '1.1')).toBe(true);
    expect(sim.office.context.requirements.isSetSupported('WordApi')).toBe(false);
    expect(sim.office.context.displayLanguage).toBe('zh-CN');
    expect(
      await codeOf(
        sim.run(async (ctx) => {
          ctx.workbook.application.suspendScreenUpdatingUntilNextSync();
          await ctx.sync();
        }),
      ),
    ).toBe('ApiNotFound');
  });

  it('injects a failure at the Nth sync, applying half the batch (Excel does not roll back)', async () => {
    const sim = withData();
    sim.injectFailure({ atSync: 2, code: 'GeneralException' });
    const code = await codeOf(
      sim.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem('Data');
        ws.getRange('E1').values = [[1]];
        await ctx.sync();
        ws.getRange('E2').values = [[2]];
        ws.getRange('E3').values = [[3]];
        await ctx.sync();
      }),
    );
    expect(code).toBe('GeneralException');
    const s = sim.model.sheet('Data');
    expect([s.getValue(0, 4), s.getValue(1, 4), s.getValue(2, 4)]).toEqual([1, 2, '']);
    expect(sim.counters.log.map((l) => l.failed)).toEqual([null, 'GeneralException']);
  });

  it('charts: series by columns from the source, explicit series, axes and position', async () => {
    const sim = withData();
    await sim.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Data');
      const ch = ws.charts.add('ColumnClustered', ws.getRange('B2:B2'), 'Columns');
      ch.title.text = 'Amount';
      ch.series.getItemAt(0).setXAxisValues(ws.getRange('A2'));
      ch.series.getItemAt(0).name = 'amount';
      ch.axes.valueAxis.title.text = 'CNY';
      ch.setPosition('D2', 'J15');
      await ctx.sync();
    });
    const c = sim.snapshot().charts[0];
    expect(c).toMatchObject({ chartType: 'ColumnClustered', title: 'Amount', from: 'D2', to: 'J15' });
    expect(c.series).toEqual([
      { name: 'amount', values: 'Data!B2', xValues: 'Data!A2', chartType: null, axisGroup: 'Primary' },
    ]);
    expect(c.axes.value.title).toBe('CNY');
  });

  it('reports the 1904 date system through DATE()', async () => {
    for (const [date1904, expected] of [
      [false, 1462],
      [true, 0],
    ] as const) {
      const sim = createSimExcel({ date1904 });
      // DATE(1904,1,1) is 1462 in the 1900 system and 0 in the 1904 system (Excel docs, "Date systems in Excel").
      const v = await sim.run(async (ctx) => {
        const r = ctx.workbook.functions.date(1904, 1, 1);
        r.load('value');
        await ctx.sync();
        return r.value;
      });
      expect(v).toBe(expected);
    }
  });
});

describe('Excel stand-in: selecting a range', () => {
  it('Range.select selects the cells at sync and activates their sheet, as "go to cell" needs', async () => {
    const sim = createSimExcel();
    sim.model.addSheet('Data');
    sim.model.addSheet('Orders');
    await sim.run(async (ctx: XlContext) => {
      ctx.workbook.worksheets.getItem('Orders').getRange('C5').select();
      // Queued, not applied: nothing is selected before sync.
      expect(sim.model.selection).toBeNull();
      await ctx.sync();
    });
    expect(sim.model.selection?.sheet.name).toBe('Orders');
    expect(sim.model.selection?.rects).toEqual([{ r0: 4, c0: 2, rows: 1, cols: 1 }]);
    const active = await sim.run(async (ctx: XlContext) => {
      const ws = ctx.workbook.worksheets.getActiveWorksheet();
      ws.load('name');
      await ctx.sync();
      return ws.name;
    });
    expect(active).toBe('Orders');
  });
});

describe('Excel stand-in: payload measure', () => {
  it('measures repeated rows and strings exactly (the length of JSON.stringify in UTF-8)', () => {
    const row = ['0.00', '"¥"#,##0', '0.00', null, 'é'];
    const cases: unknown[] = [
      Array.from({ length: 1000 }, () => row),
      [row, [...row], row, ['x'], row],
      [
        [1, 1, 1.5, -0, 1e21],
        [true, true, false],
        [undefined, undefined, 'a'],
      ],
      { a: [row, row], b: 'a"b\\', c: undefined },
    ];
    for (const v of cases) expect(jsonBytes(v)).toBe(Buffer.byteLength(JSON.stringify(v), 'utf8'));
  });
});
