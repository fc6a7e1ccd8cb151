/** Shared builders for the domain tests: payload bytes, leads, and an independent SHA-256 customerId. */
import { createHash } from 'node:crypto';
import type { Lead, Profile, Rejection } from '../../src/domain/index.js';
import { parseLead, type ParseLeadOptions } from '../../src/domain/index.js';

export const RECORD_TS = Date.UTC(2026, 9, 1, 0, 0, 0);

export const bytesOf = (value: unknown): Uint8Array => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

export const parse = (value: unknown, options?: ParseLeadOptions): Lead | Rejection => parseLead(bytesOf(value), RECORD_TS, options);

export function expectLead(result: Lead | Rejection): Lead {
  if (result.kind !== 'Lead') throw new Error(`expected a Lead, got ${result.code}: ${result.reason}`);
  return result;
}

export function expectRejection(result: Lead | Rejection): Rejection {
  if (result.kind !== 'Rejection') throw new Error(`expected a Rejection, got a Lead for ${result.offer}`);
  return result;
}

export const sha32 = (identity: string): string => createHash('sha256').update(identity, 'utf8').digest('hex').slice(0, 32);

export const emptyProfile: Profile = {
  firstName: null,
  lastName: null,
  email: null,
  phone: null,
  country: null,
  company: null,
  title: null,
};

export const john = {
  FirstName: 'John',
  LastName: 'Smith',
  Email: 'jsmith@microsoft.com',
  Phone: '1234567890',
  Country: 'US',
  Company: 'Microsoft',
  Title: 'CTO',
};

export const johnProfile: Profile = {
  firstName: 'John',
  lastName: 'Smith',
  email: 'jsmith@microsoft.com',
  phone: '1234567890',
  country: 'US',
  company: 'Microsoft',
  title: 'CTO',
};

/** A valid flat lead with overrides. */
export const flat = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...john,
  LeadSource: 'AzureMarketplace-INS|northwind.nw-erp',
  ...overrides,
});
