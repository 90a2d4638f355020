/** The portal's search state in the URL follows the model's field table, field by field. */
import { SEARCH_FIELDS, rangeKeys } from '../model';
import { LIST_FILTERS, RANGE_FILTERS, parseSearchQuery, toApiQuery, toRouteQuery, toggleSpan, withChange } from '../web/src/searchQuery';

const fieldNames = Object.keys(SEARCH_FIELDS);

describe('portal search state', () => {
  it('has a list or a span for every field of the table, and nothing else', () => {
    expect([...LIST_FILTERS, ...RANGE_FILTERS].sort()).toEqual([...fieldNames].sort());
    for (const name of RANGE_FILTERS) expect(SEARCH_FIELDS[name]).toMatchObject({ range: true });
  });

  it('reads every field from the URL and writes it back unchanged', () => {
    const url: Record<string, string | string[]> = { q: 'home conditions', narrower: 'false', theme_origin: 'confirmed', sort: 'date', page: '3' };
    for (const name of LIST_FILTERS) url[name] = [`${name}-one`, `${name}-two`];
    for (const name of RANGE_FILTERS) Object.assign(url, { [rangeKeys(name).from]: '2015', [rangeKeys(name).to]: '2019' });
    const state = parseSearchQuery(url);
    expect(state.narrower).toBe(false);
    expect(toRouteQuery(state)).toEqual(url);
    const api = toApiQuery(state) as Record<string, unknown>;
    for (const name of LIST_FILTERS) expect(api[name]).toEqual([`${name}-one`, `${name}-two`]);
    expect(api).toMatchObject({ narrower: false, theme_origin: 'confirmed', year_from: 2015, year_to: 2019, page: 3, sort: 'date' });
  });

  it('leaves defaults out of shared links and takes narrower themes in unless told', () => {
    const state = parseSearchQuery({ theme: 'neglect', narrower: 'yes', theme_origin: 'mine', page: '0', size: 'many' });
    expect(state.narrower).toBe(true);
    expect(state.theme_origin).toBe('any');
    expect(toRouteQuery(state)).toEqual({ theme: ['neglect'] });
    expect(toRouteQuery(withChange({ ...state, page: 4 }, { q: 'bruising' }))).toEqual({ theme: ['neglect'], q: 'bruising' });
  });

  it('edits a span by its ticked values', () => {
    let state = parseSearchQuery({});
    for (const [value, checked, span] of [
      [2018, true, [2018, 2018]],
      [2020, true, [2018, 2020]],
      [2020, false, [2018, 2019]],
      [2018, false, [2019, 2019]],
      [2019, false, [null, null]],
    ] as const) {
      state = { ...state, ...toggleSpan(state, 'year', value, checked) };
      expect([state.year_from, state.year_to]).toEqual(span);
    }
  });
});
