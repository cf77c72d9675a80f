import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../errors.js';
import { columnIndex, createTimeSeries, listNames, nearMatchHint, selectColumns } from './series.js';

test('columnIndex finds a column, or lists the names there are and a near match', () => {
  const s = createTimeSeries({ Temp: [1, 2], rain: [0, 1] });
  assert.equal(columnIndex(s, 'rain'), 1);
  assert.throws(() => columnIndex(s, ' temp', 'fit'), (e: unknown) => e instanceof ValueError && e.message === 'fit: no column named " temp"; the columns are ["Temp", "rain"] (did you mean "Temp"?)');
});

test('names in messages are cut to 60 characters each, however long the name or the list', () => {
  const long = 'x'.repeat(2_000_000);
  const s = { columns: [long, ...Array.from({ length: 5000 }, (_, i) => `${'c'.repeat(1000)}${i}`)] };
  for (const wanted of [long + 'y', ` ${long.toUpperCase()} `]) {
    assert.throws(() => columnIndex(s, wanted, 'StandardScaler.transform'), (e: unknown) => {
      assert.ok(e instanceof ValueError);
      assert.ok(e.message.length < 1200, `message of ${e.message.length} characters`);
      assert.match(e.message, new RegExp(`^StandardScaler\\.transform: no column named "${'(?:x|X| )'.repeat(59)}…"`));
      return true;
    });
  }
  assert.equal(listNames(['a', 'b'.repeat(100)]), `["a", "${'b'.repeat(59)}…"]`);
  assert.match(listNames(s.columns), /, … \(5001 in all\)\]$/);
  assert.equal(nearMatchHint([long], long.toUpperCase()), ` (did you mean "${'x'.repeat(59)}…"?)`);
  assert.throws(() => selectColumns(createTimeSeries({ a: [1] }), ['z'.repeat(1e5)]), (e: unknown) => e instanceof ValueError && e.message.length < 200);
  assert.throws(() => createTimeSeries({ a: [1, 2], ['q'.repeat(1e5)]: [1] }), (e: unknown) => e instanceof ShapeError && e.message.length < 200);
});
