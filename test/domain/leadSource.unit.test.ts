import { describe, expect, it } from 'vitest';
import { ACTIONS, parseLeadSource, SOURCES, type ParsedLeadSource, type Rejection } from '../../src/domain/index.js';

const ok = (leadSource: unknown, actionCode?: unknown): ParsedLeadSource => {
  const result = parseLeadSource(leadSource, actionCode);
  if (result.kind !== 'LeadSource') throw new Error(`${result.code}: ${result.reason}`);
  return result;
};
const code = (leadSource: unknown, actionCode?: unknown): Rejection['code'] | 'OK' => {
  const result = parseLeadSource(leadSource, actionCode);
  return result.kind === 'Rejection' ? result.code : 'OK';
};

describe('LeadSource step 1: missing', () => {
  it.each([[undefined], [null], [42], [true], [{}], [['AzureMarketplace-INS']], [''], ['   '], ['\t\n']])(
    '%j is MISSING_LEAD_SOURCE',
    (value) => {
      expect(code(value, 'INS')).toBe('MISSING_LEAD_SOURCE');
    },
  );

  it('gives a one-line reason', () => {
    const result = parseLeadSource(7, undefined) as Rejection;
    expect(result.reason).toBe('LeadSource is not a string (found number)');
  });
});

describe('LeadSource steps 2–3: splitting', () => {
  it('splits Source-Action|Offer', () => {
    expect(ok('AzureMarketplace-INS|checkpoint.check-point-r77-10sg-byol')).toEqual({
      kind: 'LeadSource',
      source: 'AzureMarketplace',
      action: 'INS',
      offerPart: 'checkpoint.check-point-r77-10sg-byol',
    });
  });

  it('splits at the first | only: the rest (with further |) is the offer part', () => {
    expect(ok('AzurePortal-Create|a.b|c').offerPart).toBe('a.b|c');
  });

  it('splits the head at its last -', () => {
    expect(code('Azure-Marketplace-INS|a.b')).toBe('UNKNOWN_SOURCE');
    expect(ok('AzurePortal-Create|docusign.3701c77e-1cfa-4c56-91e6-3ed0b622145')).toMatchObject({
      source: 'AzurePortal',
      action: 'Create',
      offerPart: 'docusign.3701c77e-1cfa-4c56-91e6-3ed0b622145',
    });
  });

  it('allows spaces around - and |', () => {
    expect(ok('AppSource (SPZA) - PLT | bitnami.openedxcypress')).toEqual({
      kind: 'LeadSource',
      source: 'AppSource (SPZA)',
      action: 'PLT',
      offerPart: ' bitnami.openedxcypress',
    });
  });

  it('has no offer part without |', () => {
    expect(ok('AzureMarketplace-INS').offerPart).toBeUndefined();
  });

  it('keeps an empty offer part after a trailing |', () => {
    expect(ok('AzureMarketplace-INS|').offerPart).toBe('');
  });

  it.each([['-INS|a.b'], [' - INS|a.b'], ['AzureMarketplace-|a.b'], ['AzureMarketplace - |a.b'], ['-'], ['|a.b'], ['  |a.b']])(
    '%j (an empty source or action) is BAD_LEAD_SOURCE',
    (value) => {
      expect(code(value, 'INS')).toBe('BAD_LEAD_SOURCE');
    },
  );

  it('takes the action from ActionCode when the head has no - (the validation lead)', () => {
    expect(ok('AzureMarketplace', 'INS')).toEqual({ kind: 'LeadSource', source: 'AzureMarketplace', action: 'INS', offerPart: undefined });
    expect(ok(' AppSource | bitnami.openedxcypress', ' plt ')).toMatchObject({ source: 'AppSource (SPZA)', action: 'PLT' });
  });

  it.each([[undefined], [null], [''], ['  '], [5], [{ code: 'INS' }]])('without - and with ActionCode %j is BAD_LEAD_SOURCE', (actionCode) => {
    expect(code('AzureMarketplace|a.b', actionCode)).toBe('BAD_LEAD_SOURCE');
  });

  it("prefers LeadSource's action over ActionCode", () => {
    expect(ok('AzureMarketplace-INS|a.b', 'PLT').action).toBe('INS');
    expect(ok('AzureMarketplace-INS|a.b', 'nonsense').action).toBe('INS');
  });

  it('ignores ActionCode when the head has a -, even if its action is unknown', () => {
    expect(code('AzureMarketplace-Bogus|a.b', 'INS')).toBe('UNKNOWN_ACTION');
  });
});

describe('LeadSource step 4: source', () => {
  it.each([
    ['AzureMarketplace', 'AzureMarketplace'],
    ['azuremarketplace', 'AzureMarketplace'],
    ['AZUREPORTAL', 'AzurePortal'],
    ['AppSource (SPZA)', 'AppSource (SPZA)'],
    ['appsource   (spza)', 'AppSource (SPZA)'],
    ['AppSource\t(SPZA)', 'AppSource (SPZA)'],
    ['SPZA', 'AppSource (SPZA)'],
    ['spza', 'AppSource (SPZA)'],
    ['AppSource', 'AppSource (SPZA)'],
    ['TestDrive', 'TestDrive'],
    ['testdrive', 'TestDrive'],
  ])('%j is stored as %j', (text, source) => {
    expect(ok(`${text}-PLT|a.b`).source).toBe(source);
  });

  it.each([['Azure Marketplace'], ['AppSource(SPZA)'], ['Marketplace'], ['Test Drive'], ['AzureMarketplace2']])('%j is UNKNOWN_SOURCE', (text) => {
    expect(code(`${text}-PLT|a.b`)).toBe('UNKNOWN_SOURCE');
  });

  it('names the source and the accepted ones in the reason', () => {
    const result = parseLeadSource('Bing-PLT|a.b', undefined) as Rejection;
    expect(result.reason).toBe(`unknown lead source "Bing" (expected one of ${SOURCES.join(', ')})`);
  });

  it('checks the source before the action', () => {
    expect(code('Bing-Bogus|a.b')).toBe('UNKNOWN_SOURCE');
  });
});

describe('LeadSource step 5: action', () => {
  it.each(ACTIONS.flatMap((action) => [
    [action, action],
    [action.toLowerCase(), action],
    [action.toUpperCase(), action],
  ]))('%j is stored as %j', (text, action) => {
    expect(ok(`AzureMarketplace-${text}|a.b`).action).toBe(action);
  });

  it.each([['Start TestDrive'], ['Install'], ['INS2'], ['Contact']])('%j is UNKNOWN_ACTION', (text) => {
    expect(code(`AzureMarketplace-${text}|a.b`)).toBe('UNKNOWN_ACTION');
  });

  it('applies to ActionCode too', () => {
    expect(code('AzureMarketplace', 'Bogus')).toBe('UNKNOWN_ACTION');
    expect(ok('AzureMarketplace', 'starttestdrive').action).toBe('StartTestDrive');
  });

  it('keeps reasons on one line even for multi-line input', () => {
    const result = parseLeadSource('AzureMarketplace-Bo\ngus\u2028x|a.b', undefined) as Rejection;
    expect(result.code).toBe('UNKNOWN_ACTION');
    expect(result.reason).not.toMatch(/[\n\r\u2028\u2029]/u);
  });
});
