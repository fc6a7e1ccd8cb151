import { describe, expect, it } from 'vitest';
import { createOfferMap, parseOffer, resolveOffer, type OfferMap, type Rejection } from '../../src/domain/index.js';

const map = (json: unknown): OfferMap => {
  const result = createOfferMap(json);
  if (result.kind !== 'OfferMap') throw new Error(result.reason);
  return result;
};

describe('offer pattern (step 6)', () => {
  it('splits publisherId at the first dot, offerId is the rest', () => {
    expect(parseOffer('checkpoint.check-point-r77-10sg-byol')).toEqual({
      offer: 'checkpoint.check-point-r77-10sg-byol',
      publisherId: 'checkpoint',
      offerId: 'check-point-r77-10sg-byol',
    });
    expect(parseOffer('pub.offer.v2')).toEqual({ offer: 'pub.offer.v2', publisherId: 'pub', offerId: 'offer.v2' });
  });

  it('trims and lower-cases', () => {
    expect(parseOffer('  Bitnami.OpenEdxCypress \t')?.offer).toBe('bitnami.openedxcypress');
  });

  it.each([['a.b'], ['a_b-c.d'], ['0.0'], ['a.b..'], ['a.b_-.']])('accepts %j', (text) => {
    expect(parseOffer(text)).toBeDefined();
  });

  it.each([[''], ['   '], ['nodot'], ['.a'], ['a.'], ['-a.b'], ['_a.b'], ['a.-b'], ['a..b'], ['a b.c'], ['a.b c'], ['a/b.c'], ['Check Point CloudGuard'], ['a.b|c'], ['ä.b']])(
    'rejects %j',
    (text) => {
      expect(parseOffer(text)).toBeUndefined();
    },
  );
});

describe('createOfferMap', () => {
  it('normalizes titles (collapsed whitespace, trimmed, lower-cased) and values (trimmed, lower-cased)', () => {
    const offers = map({ '  Check  Point\tCloudGuard ': ' CheckPoint.Check-Point-R77 ' });
    expect([...offers.byTitle.entries()]).toEqual([
      ['check point cloudguard', { offer: 'checkpoint.check-point-r77', publisherId: 'checkpoint', offerId: 'check-point-r77' }],
    ]);
  });

  it('accepts an empty map', () => {
    expect(map({}).byTitle.size).toBe(0);
  });

  it.each([[null], [[]], ['x'], [3]])('rejects %j: not an object', (json) => {
    expect(createOfferMap(json)).toMatchObject({ kind: 'OfferMapError', title: null });
  });

  it.each([
    [{ Good: 'a.b', 'Bad Offer': 'no-dot' }, 'Bad Offer', /"no-dot" is not "publisherid.offerid"/],
    [{ 'Bad Offer': 42 }, 'Bad Offer', /number/],
    [{ 'Bad Offer': null }, 'Bad Offer', /null/],
    [{ '  ': 'a.b' }, '  ', /blank/],
    [{ 'Foo Bar': 'a.b', 'foo  BAR': 'c.d' }, 'foo  BAR', /twice/],
  ])('rejects %j naming the title', (json, title, reason) => {
    const result = createOfferMap(json);
    expect(result).toMatchObject({ kind: 'OfferMapError', title });
    if (result.kind === 'OfferMapError') {
      expect(result.reason).toMatch(reason);
      expect(result.reason).toContain(JSON.stringify(title.replace(/\s+/g, ' ').trim()));
    }
  });

  it('accepts the same title twice when both name the same offer', () => {
    expect(map({ 'Foo Bar': 'a.b', 'FOO BAR': ' A.B ' }).byTitle.get('foo bar')?.offer).toBe('a.b');
  });
});

describe('resolveOffer (step 7)', () => {
  const offers = map({ 'Check Point CloudGuard': 'checkpoint.check-point-r77-10sg-byol' });
  const reason = (result: unknown): string => (result as Rejection).reason;

  it('uses a valid | part and ignores OfferTitle and the map', () => {
    expect(resolveOffer('a.b', 'Check Point CloudGuard', offers)).toMatchObject({ offer: 'a.b' });
  });

  it('rejects a malformed | part (even empty) without falling back to the map', () => {
    expect(resolveOffer('Check Point CloudGuard', 'Check Point CloudGuard', offers)).toMatchObject({ kind: 'Rejection', code: 'BAD_OFFER' });
    expect(resolveOffer('', 'Check Point CloudGuard', offers)).toMatchObject({ kind: 'Rejection', code: 'BAD_OFFER' });
    expect(resolveOffer('  ', 'Check Point CloudGuard', offers)).toMatchObject({ kind: 'Rejection', code: 'BAD_OFFER' });
  });

  it('looks the title up ignoring case and whitespace runs when there is no | part', () => {
    expect(resolveOffer(undefined, '  check point   CLOUDGUARD ', offers)).toEqual({
      offer: 'checkpoint.check-point-r77-10sg-byol',
      publisherId: 'checkpoint',
      offerId: 'check-point-r77-10sg-byol',
    });
  });

  it('rejects an unknown title, with the title in the reason', () => {
    const result = resolveOffer(undefined, 'Contoso ERP', offers);
    expect(result).toMatchObject({ kind: 'Rejection', code: 'BAD_OFFER' });
    expect(reason(result)).toContain('"Contoso ERP"');
  });

  it('rejects when there is no offer map, with the title in the reason', () => {
    const result = resolveOffer(undefined, 'Check Point CloudGuard', undefined);
    expect(result).toMatchObject({ kind: 'Rejection', code: 'BAD_OFFER' });
    expect(reason(result)).toContain('"Check Point CloudGuard"');
  });

  it.each([[undefined], [null], [''], ['   '], [12], [{ title: 'x' }]])('rejects a missing or unusable OfferTitle %j', (title) => {
    expect(resolveOffer(undefined, title, offers)).toMatchObject({ kind: 'Rejection', code: 'BAD_OFFER' });
  });
});
